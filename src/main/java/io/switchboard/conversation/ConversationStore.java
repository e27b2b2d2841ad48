package io.switchboard.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.system.KeyByKeyMapStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes conversations through to the database: the conversation row and, in the same
 * transaction, the turns the update added or changed. Loading rebuilds the hot window from the
 * newest turns. Open conversations (and those resolved within the reopen window) are loaded when
 * the member starts; older ones when first asked for.
 */
class ConversationStore implements KeyByKeyMapStore<String, Conversation> {

    private final JdbcTemplate jdbc;
    private final TurnRepository turns;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;
    private final ConversationProperties properties;

    ConversationStore(JdbcTemplate jdbc, TurnRepository turns, TransactionTemplate transactions, ObjectMapper json,
                      Clock clock, ConversationProperties properties) {
        this.jdbc = jdbc;
        this.turns = turns;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void store(String id, Conversation conversation) {
        transactions.executeWithoutResult(tx -> write(id, conversation));
    }

    @Override
    public void storeAll(Map<String, Conversation> conversations) {
        transactions.executeWithoutResult(tx -> conversations.forEach(this::write));
    }

    /**
     * Writes the row and the new or changed turns. Fenced: a copy whose next sequence number is behind
     * the row's, or whose new turn takes a sequence number another turn holds, is refused with
     * {@link ConversationChangedElsewhereException} and the transaction rolls back.
     */
    private void write(String id, Conversation c) {
        String data = toJson(c.withLoadedTurns(List.of()));
        Timestamp resolved = c.resolvedAt() == null ? null : Timestamp.from(c.resolvedAt());
        String update = """
                update conversation set customer_id = ?, status = ?, queue_name = ?, assignee = ?, updated_at = ?,
                       resolved_at = ?, data = ?, next_seq = ?
                where id = ? and (next_seq is null or next_seq <= ?)""";
        Object[] args = {c.customerId(), c.status().wireName(), c.queue(), c.assignee(), Timestamp.from(c.updatedAt()),
                resolved, data, c.nextSeq(), id, c.nextSeq()};
        // the usual write leaves the queue as it was: one statement; a move to another queue is told to
        // the search index, which keeps each turn's queue (the second statement finds the row then)
        Object[] sameQueue = Arrays.copyOf(args, args.length + 1);
        sameQueue[args.length] = c.queue();
        int updated = jdbc.update(update + " and queue_name is not distinct from ?", sameQueue);
        if (updated == 0) {
            updated = jdbc.update(update, args);
            if (updated > 0) {
                turns.queueChanged(id, c.queue());
            }
        }
        if (updated == 0) {
            try {
                jdbc.update("""
                        insert into conversation (id, customer_id, status, queue_name, assignee, created_at, updated_at,
                                                  resolved_at, data, next_seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        id, c.customerId(), c.status().wireName(), c.queue(), c.assignee(),
                        Timestamp.from(c.createdAt()), Timestamp.from(c.updatedAt()), resolved, data, c.nextSeq());
            } catch (DuplicateKeyException newerStored) {
                throw new ConversationChangedElsewhereException(id, "its stored next turn is beyond " + c.nextSeq());
            }
        }
        for (Turn turn : c.unsaved()) {
            turns.save(id, turn);
        }
    }

    @Override
    public void delete(String id) {
        transactions.executeWithoutResult(tx -> {
            turns.deleteAll(id);
            jdbc.update("delete from conversation where id = ?", id);
        });
    }


    @Override
    public Conversation load(String id) {
        List<String> rows = jdbc.queryForList("select data from conversation where id = ?", String.class, id);
        if (rows.isEmpty()) {
            return null;
        }
        return fromJson(rows.get(0)).withLoadedTurns(turns.latest(id, properties.hotTurns()));
    }


    @Override
    public Iterable<String> loadAllKeys() {
        Duration window = properties.reopenWindow();
        return jdbc.queryForList("select id from conversation where status <> 'resolved' or resolved_at > ?",
                String.class, Timestamp.from(clock.instant().minus(window)));
    }

    private String toJson(Conversation c) {
        try {
            return json.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write conversation " + c.id(), e);
        }
    }

    private Conversation fromJson(String data) {
        try {
            return json.readValue(data, Conversation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored conversation", e);
        }
    }
}
