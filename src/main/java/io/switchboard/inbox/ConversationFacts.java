package io.switchboard.inbox;

import io.switchboard.envelope.Direction;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Decision;
import io.switchboard.conversation.Turn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One row per conversation with the facts the KPIs are computed from, kept up to date from every
 * change of the conversation. Flags only ever turn on (the AI replied, a human was involved), so a
 * later state with fewer hot turns never forgets them.
 */
@Component
class ConversationFacts {

    private final JdbcTemplate jdbc;

    ConversationFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param channel           the channel the conversation started on
     * @param firstResponseAt   when the AI or an agent first answered the customer (notices and surveys do not count)
     * @param intent            the intent routing recorded, if any
     * @param aiReplied         the automated responder answered the customer at least once
     * @param humanInvolved     an agent owned or answered it at least once
     * @param reachedHumanQueue it was sent to a human queue at least once
     * @param lastAgent         the last agent who owned it
     */
    record Fact(String conversationId, String customerId, String channel, String queue, String intent,
                Instant createdAt, Instant firstResponseAt, Instant resolvedAt, boolean aiReplied,
                boolean humanInvolved, boolean reachedHumanQueue, String lastAgent, Instant slaBreachedAt) {
    }

    void record(Conversation c) {
        Optional<Fact> known = find(c.id());
        boolean ai = c.turns().stream().anyMatch(t -> isReply(t, Author.AI));
        boolean human = c.assignee() != null || c.turns().stream().anyMatch(t -> isReply(t, Author.AGENT));
        Instant firstResponse = known.map(Fact::firstResponseAt).orElseGet(() -> c.turns().stream()
                .filter(t -> isReply(t, Author.AI) || isReply(t, Author.AGENT)).map(Turn::at).findFirst().orElse(null));
        var fact = new Fact(c.id(), c.customerId(), c.channels().isEmpty() ? null : c.channels().get(0),
                c.queue() != null ? c.queue() : known.map(Fact::queue).orElse(null),
                intentOf(c).orElseGet(() -> known.map(Fact::intent).orElse(null)), c.createdAt(), firstResponse,
                c.resolvedAt(), ai || known.map(Fact::aiReplied).orElse(false),
                human || known.map(Fact::humanInvolved).orElse(false),
                c.queue() != null || known.map(Fact::reachedHumanQueue).orElse(false),
                c.assignee() != null ? c.assignee() : known.map(Fact::lastAgent).orElse(null),
                known.map(Fact::slaBreachedAt).orElse(null));
        if (known.isPresent()) {
            update(fact, c.updatedAt());
            return;
        }
        try {
            jdbc.update("""
                    insert into inbox_conversation_fact (conversation_id, customer_id, channel, queue_name, intent,
                        created_at, first_response_at, resolved_at, ai_replied, human_involved, reached_human_queue,
                        last_agent, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    fact.conversationId(), fact.customerId(), fact.channel(), fact.queue(), fact.intent(),
                    ts(fact.createdAt()), ts(fact.firstResponseAt()), ts(fact.resolvedAt()), fact.aiReplied(),
                    fact.humanInvolved(), fact.reachedHumanQueue(), fact.lastAgent(), ts(c.updatedAt()));
        } catch (DuplicateKeyException raced) {
            update(fact, c.updatedAt());
        }
    }

    private void update(Fact f, Instant at) {
        jdbc.update("""
                update inbox_conversation_fact set customer_id = ?, channel = ?, queue_name = ?, intent = ?,
                    first_response_at = ?, resolved_at = ?, ai_replied = ai_replied or ?,
                    human_involved = human_involved or ?, reached_human_queue = reached_human_queue or ?,
                    last_agent = ?, updated_at = ? where conversation_id = ?""",
                f.customerId(), f.channel(), f.queue(), f.intent(), ts(f.firstResponseAt()), ts(f.resolvedAt()),
                f.aiReplied(), f.humanInvolved(), f.reachedHumanQueue(), f.lastAgent(), ts(at),
                f.conversationId());
    }

    /** Marks the first SLA breach of the conversation. */
    void slaBreached(String conversationId, Instant at) {
        jdbc.update("update inbox_conversation_fact set sla_breached_at = ? where conversation_id = ? "
                + "and sla_breached_at is null", ts(at), conversationId);
    }

    Optional<Fact> find(String conversationId) {
        return jdbc.query("select * from inbox_conversation_fact where conversation_id = ?", ConversationFacts::row,
                conversationId).stream().findFirst();
    }

    /** The agent who last owned a conversation of this customer, if it was after {@code since}. */
    Optional<String> lastAgentOf(String customerId, Instant since) {
        return jdbc.queryForList("""
                select last_agent from inbox_conversation_fact where customer_id = ? and last_agent is not null
                and updated_at >= ? order by updated_at desc limit 1""", String.class, customerId, ts(since))
                .stream().findFirst();
    }

    /** Facts of conversations created, resolved or breached since {@code since}. */
    List<Fact> touchedSince(Instant since) {
        Timestamp from = ts(since);
        return jdbc.query("""
                select * from inbox_conversation_fact where created_at >= ? or resolved_at >= ? or sla_breached_at >= ?""",
                ConversationFacts::row, from, from, from);
    }

    static Optional<String> intentOf(Conversation c) {
        List<Decision> decisions = c.decisions();
        for (int i = decisions.size() - 1; i >= 0; i--) {
            String intent = decisions.get(i).detail().get("intent");
            if (intent != null && !intent.isBlank()) {
                return Optional.of(intent);
            }
        }
        return Optional.empty();
    }

    private static boolean isReply(Turn t, Author author) {
        return t.author() == author && t.direction() == Direction.OUTBOUND && !t.internal();
    }

    private static Fact row(ResultSet rs, int i) throws SQLException {
        return new Fact(rs.getString("conversation_id"), rs.getString("customer_id"), rs.getString("channel"),
                rs.getString("queue_name"), rs.getString("intent"), instant(rs, "created_at"),
                instant(rs, "first_response_at"), instant(rs, "resolved_at"), rs.getBoolean("ai_replied"),
                rs.getBoolean("human_involved"), rs.getBoolean("reached_human_queue"), rs.getString("last_agent"),
                instant(rs, "sla_breached_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
