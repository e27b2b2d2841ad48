package io.switchboard.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Turns in the database: every turn ever appended, written through with its conversation. Older
 * turns are paged from here; the hot ones are also in Hazelcast.
 */
class TurnRepository {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ObjectMapper json;
    private final List<TurnIndex> indexes;

    TurnRepository(JdbcTemplate jdbc, ObjectMapper json, List<TurnIndex> indexes) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.json = json;
        this.indexes = List.copyOf(indexes);
    }

    /**
     * Inserts one turn row, or replaces the row of the same turn. Called inside the conversation
     * store's transaction. A different turn already at its sequence number means the caller's copy
     * of the conversation is behind: refused with {@link ConversationChangedElsewhereException}.
     */
    void save(String conversationId, Turn turn) {
        String data = write(turn);
        Timestamp at = Timestamp.from(turn.at());
        String direction = turn.direction().name().toLowerCase();
        boolean removed = turn.textRemoved();
        int updated = jdbc.update("""
                update turn set at = ?, channel = ?, direction = ?, author = ?, customer_address = ?,
                       provider_message_id = ?, moved_to = ?, data = ?, turn_id = ?, text_kind = ?,
                       text_removed_at = case when ? then coalesce(text_removed_at, current_timestamp) end
                where conversation_id = ? and seq = ? and (turn_id = ? or turn_id is null)""",
                at, turn.channel(), direction, turn.author().wireName(), turn.address(), turn.providerMessageId(),
                turn.movedTo(), data, turn.id(), turn.textKind(), removed, conversationId, turn.seq(), turn.id());
        if (updated > 0 && (turn.movedTo() != null || removed)) {
            indexes.forEach(index -> index.removed(conversationId, turn.seq()));
        }
        if (updated == 0) {
            try {
                jdbc.update("""
                        insert into turn (conversation_id, seq, at, channel, direction, author, customer_address,
                                          provider_message_id, moved_to, data, turn_id, text_kind, text_removed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, case when ? then current_timestamp end)""",
                        conversationId, turn.seq(), at, turn.channel(), direction, turn.author().wireName(),
                        turn.address(), turn.providerMessageId(), turn.movedTo(), data, turn.id(), turn.textKind(),
                        removed);
            } catch (DuplicateKeyException anotherTurn) {
                throw new ConversationChangedElsewhereException(conversationId,
                        "another turn holds number " + turn.seq());
            }
            if (turn.movedTo() == null) {
                indexes.forEach(index -> index.added(conversationId, turn));
            }
        }
    }

    /** The conversation's row now names another queue: told to the indexes in the same transaction. */
    void queueChanged(String conversationId, String queue) {
        indexes.forEach(index -> index.queueChanged(conversationId, queue));
    }

    /** Every turn of the conversation is gone from the database. */
    void deleteAll(String conversationId) {
        jdbc.update("delete from turn where conversation_id = ?", conversationId);
        indexes.forEach(index -> index.removedAll(conversationId));
    }

    /** The last {@code limit} turns, oldest first (moved ones included: the hot window is positional). */
    List<Turn> latest(String conversationId, int limit) {
        var turns = new ArrayList<>(jdbc.query(
                "select data from turn where conversation_id = ? order by seq desc limit ?", rows(), conversationId, limit));
        Collections.reverse(turns);
        return turns;
    }

    /** Every stored turn of the conversation, moved ones included, in order. */
    List<Turn> all(String conversationId) {
        return jdbc.query("select data from turn where conversation_id = ? order by seq", rows(), conversationId);
    }

    /** Visible turns before {@code beforeSeq}, newest first, at most {@code limit}. */
    List<Turn> before(String conversationId, long beforeSeq, int limit) {
        return jdbc.query("""
                select data from turn where conversation_id = ? and seq < ? and moved_to is null
                order by seq desc limit ?""", rows(), conversationId, beforeSeq, limit);
    }

    long count(String conversationId) {
        Long n = jdbc.queryForObject("select count(*) from turn where conversation_id = ? and moved_to is null",
                Long.class, conversationId);
        return n == null ? 0 : n;
    }

    /**
     * Retention: the stored turn at {@code seq}, older than the conversation's hot window (so held
     * nowhere else), loses its text; its row is locked meanwhile. Runs in the caller's transaction.
     */
    boolean removeText(String conversationId, long seq) {
        List<Turn> found = jdbc.query("select data from turn where conversation_id = ? and seq = ? for update", rows(),
                conversationId, seq);
        if (found.isEmpty() || found.get(0).textRemoved()) {
            return false;
        }
        save(conversationId, found.get(0).withoutText());
        return true;
    }

    /** A stored turn by position. */
    List<Turn> find(String conversationId, long seq) {
        return jdbc.query("select data from turn where conversation_id = ? and seq = ?", rows(), conversationId, seq);
    }

    /** Turns of the customer's conversations on these addresses since a time, not moved yet. */
    List<Located> onAddressesSince(String customerId, Collection<String> addresses, Instant since) {
        return named.query("""
                select t.conversation_id, t.data from turn t join conversation c on c.id = t.conversation_id
                where c.customer_id = :customer and t.customer_address in (:addresses) and t.at >= :since
                  and t.moved_to is null
                order by t.conversation_id, t.seq""",
                Map.of("customer", customerId, "addresses", addresses, "since", Timestamp.from(since)),
                (rs, i) -> new Located(rs.getString("conversation_id"), read(rs.getString("data"))));
    }

    /**
     * The conversation holding the newest of these messages (by provider id, either direction) on the
     * channel, among the customer's conversations and those of customers merged into them.
     */
    Optional<String> conversationOfMessages(String customerId, String channel, Collection<String> providerMessageIds) {
        return named.queryForList("""
                select t.conversation_id from turn t join conversation c on c.id = t.conversation_id
                where t.provider_message_id in (:ids) and t.channel = :channel and t.moved_to is null
                  and (c.customer_id = :customer or c.customer_id in (select id from customer where merged_into = :customer))
                order by t.at desc, t.seq desc limit 1""",
                Map.of("ids", providerMessageIds, "channel", channel, "customer", customerId), String.class)
                .stream().findFirst();
    }

    /** The outbound turn a provider knows by this id on the channel, if any. */
    Optional<Located> outboundByProviderMessageId(String channel, String providerMessageId) {
        return named.query("""
                select conversation_id, data from turn
                where provider_message_id = :id and channel = :channel and direction = 'outbound' and moved_to is null""",
                Map.of("id", providerMessageId, "channel", channel),
                (rs, i) -> new Located(rs.getString("conversation_id"), read(rs.getString("data")))).stream().findFirst();
    }

    /** The conversation now holding the inbound message a provider knows by this id on the channel. */
    Optional<String> conversationOfInbound(String channel, String providerMessageId) {
        return jdbc.queryForList("""
                select conversation_id from turn
                where provider_message_id = ? and channel = ? and direction = 'inbound' and moved_to is null""",
                String.class, providerMessageId, channel).stream().findFirst();
    }

    record Located(String conversationId, Turn turn) {
    }

    /** Stored turns still in their conversation after the given one, in (conversation, seq) order. */
    List<Located> after(String conversationId, long seq, int limit) {
        return jdbc.query("""
                select conversation_id, data from turn
                where moved_to is null and (conversation_id > ? or (conversation_id = ? and seq > ?))
                order by conversation_id, seq limit ?""",
                (rs, i) -> new Located(rs.getString("conversation_id"), read(rs.getString("data"))),
                conversationId, conversationId, seq, limit);
    }

    private RowMapper<Turn> rows() {
        return (rs, i) -> read(rs.getString("data"));
    }

    private String write(Turn turn) {
        try {
            return json.writeValueAsString(turn);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write turn " + turn.id(), e);
        }
    }

    private Turn read(String data) {
        try {
            return json.readValue(data, Turn.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored turn", e);
        }
    }
}
