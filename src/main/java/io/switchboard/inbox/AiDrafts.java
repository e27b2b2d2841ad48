package io.switchboard.inbox;

import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.delivery.OutboundDispatcher;
import io.switchboard.system.AuditLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Replies the AI suggests and an agent approves ({@code draft} autonomy). A draft is an internal AI
 * turn marked {@code kind=ai-draft}; sending it (as written or edited) or discarding it records an
 * internal outcome turn pointing at it, and the outcome is counted once per draft.
 */
@Service
public class AiDrafts {

    static final String DRAFT_KIND = ConversationMemory.DRAFT_KIND;
    static final String OUTCOME_KIND = "ai-draft-outcome";

    private final ConversationMemory memory;
    private final OutboundDispatcher outbound;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    AiDrafts(ConversationMemory memory, OutboundDispatcher outbound, JdbcTemplate jdbc, AuditLog audit, Clock clock) {
        this.memory = memory;
        this.outbound = outbound;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** How an agent dealt with a draft. */
    enum Outcome {
        SENT, EDITED, DISCARDED;

        String wireName() {
            return name().toLowerCase();
        }
    }

    /** Attaches a suggested reply to the conversation; agents see it and send, edit or discard it. */
    public Appended propose(String conversationId, String text, String by) {
        return memory.recordDraft(conversationId, text, by, null);
    }

    /**
     * The newest draft nobody has dealt with yet, among the conversation's recent turns (one whose
     * text retention removed is nothing to send).
     */
    Optional<Turn> pending(Conversation c) {
        Set<String> handled = c.turns().stream().filter(t -> OUTCOME_KIND.equals(t.metadata().get("kind")))
                .map(t -> t.metadata().get("draft")).collect(Collectors.toSet());
        List<Turn> turns = c.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (DRAFT_KIND.equals(t.metadata().get("kind")) && t.movedTo() == null && !t.textRemoved()
                    && !handled.contains(Long.toString(t.seq()))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Sends the draft, as written when {@code editedText} is null or the same, else as edited. */
    Appended send(Conversation c, long draftSeq, String editedText, String channel, String agent) {
        Turn draft = requirePending(c, draftSeq);
        boolean edited = editedText != null && !editedText.isBlank() && !editedText.strip().equals(draft.text().strip());
        Outcome outcome = edited ? Outcome.EDITED : Outcome.SENT;
        settle(c.id(), draft, outcome, agent);
        Appended reply;
        try {
            reply = outbound.agentReply(c.id(), edited ? editedText : draft.text(), channel, agent);
        } catch (RuntimeException e) {
            jdbc.update("delete from inbox_draft_outcome where conversation_id = ? and draft_seq = ?", c.id(), draftSeq);
            throw e;
        }
        mark(c.id(), draftSeq, outcome, agent);
        return reply;
    }

    void discard(Conversation c, long draftSeq, String agent) {
        settle(c.id(), requirePending(c, draftSeq), Outcome.DISCARDED, agent);
        mark(c.id(), draftSeq, Outcome.DISCARDED, agent);
    }

    /** Drafts dealt with since {@code since}, by outcome. */
    Map<String, Long> outcomesSince(Instant since) {
        return jdbc.query("select outcome, count(*) n from inbox_draft_outcome where at >= ? group by outcome",
                rs -> {
                    var counts = new TreeMap<String, Long>();
                    while (rs.next()) {
                        counts.put(rs.getString("outcome"), rs.getLong("n"));
                    }
                    return counts;
                }, Timestamp.from(since));
    }

    /**
     * Per intent, drafts dealt with since {@code since}: how many, and how many were sent as written
     * (the evidence for letting the AI answer that intent by itself).
     */
    public Map<String, long[]> sentAsWrittenByIntentSince(Instant since) {
        return jdbc.query("""
                select intent, count(*) n, sum(case when outcome = 'sent' then 1 else 0 end) sent
                from inbox_draft_outcome where at >= ? and intent is not null group by intent""",
                rs -> {
                    var counts = new TreeMap<String, long[]>();
                    while (rs.next()) {
                        counts.put(rs.getString("intent"), new long[] {rs.getLong("sent"), rs.getLong("n")});
                    }
                    return counts;
                }, Timestamp.from(since));
    }

    private Turn requirePending(Conversation c, long draftSeq) {
        return pending(c).filter(t -> t.seq() == draftSeq)
                .orElseThrow(() -> new IllegalStateException("draft " + draftSeq + " is not waiting for an agent"));
    }

    /** One outcome per draft, even when two agents act on it at once; with the intent it answered. */
    private void settle(String conversationId, Turn draft, Outcome outcome, String agent) {
        try {
            jdbc.update("insert into inbox_draft_outcome (conversation_id, draft_seq, outcome, agent, at, intent) "
                    + "values (?, ?, ?, ?, ?, ?)", conversationId, draft.seq(), outcome.wireName(), agent,
                    Timestamp.from(clock.instant()), draft.metadata().get("intent"));
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("another agent already dealt with draft " + draft.seq());
        }
    }

    private void mark(String conversationId, long draftSeq, Outcome outcome, String agent) {
        audit.record(agent, "conversation.draft-" + outcome.wireName(), "conversation", conversationId,
                Map.of("draft", draftSeq));
        memory.recordNote(conversationId, new ConversationMemory.Draft(Author.AGENT, agent, null, null,
                "AI draft " + outcome.wireName() + ".", null, true,
                Map.of("kind", OUTCOME_KIND, "draft", Long.toString(draftSeq), "outcome", outcome.wireName())));
    }
}
