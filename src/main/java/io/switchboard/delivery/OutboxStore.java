package io.switchboard.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.MapStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the outbox through to {@code outbox_message}. When the member starts, the messages still to
 * send are loaded; finished ones are read one by one when asked for (a repeated enqueue).
 */
class OutboxStore implements MapStore<OutboxKey, OutboxEntry> {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    OutboxStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Writes the message. Fenced, so that a copy that is behind (the other side of a network split,
     * a backup that missed a dead member's last write) can neither bring back a finished message nor
     * take one over while another member's lease on it runs: a row the database holds as finished is
     * never changed again, and a row under a lease that has not run out is written only by that
     * lease's holder. Refused writes throw {@link OutboxChangedElsewhereException}.
     */
    @Override
    public void store(OutboxKey id, OutboxEntry e) {
        String key = id.toString();
        String data = write(e);
        String state = e.state().name().toLowerCase(Locale.ROOT);
        Timestamp leaseUntil = e.leaseUntil() == null ? null : Timestamp.from(e.leaseUntil());
        int updated = jdbc.update("""
                update outbox_message set state = ?, attempts = ?, next_attempt_at = ?, updated_at = ?, data = ?,
                       lease = ?, lease_until = ?
                where message_key = ? and state in ('pending', 'sending')
                  and (lease_until is null or lease_until < ? or lease = ?)""",
                state, e.attempts(), Timestamp.from(e.nextAttemptAt()), Timestamp.from(e.updatedAt()), data,
                e.lease(), leaseUntil, key, Timestamp.from(e.updatedAt()), e.lease());
        if (updated == 0) {
            try {
                jdbc.update("""
                        insert into outbox_message (message_key, conversation_id, turn_seq, channel, state, attempts,
                                                    next_attempt_at, created_at, updated_at, data, lease, lease_until)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        key, e.conversationId(), e.seq(), e.channel(), state, e.attempts(),
                        Timestamp.from(e.nextAttemptAt()), Timestamp.from(e.createdAt()),
                        Timestamp.from(e.updatedAt()), data, e.lease(), leaseUntil);
            } catch (DuplicateKeyException finishedOrLeased) {
                throw new OutboxChangedElsewhereException(id);
            }
        }
    }

    @Override
    public void storeAll(Map<OutboxKey, OutboxEntry> entries) {
        entries.forEach(this::store);
    }

    @Override
    public void delete(OutboxKey key) {
        jdbc.update("delete from outbox_message where message_key = ?", key.toString());
    }

    @Override
    public void deleteAll(Collection<OutboxKey> keys) {
        keys.forEach(this::delete);
    }

    @Override
    public OutboxEntry load(OutboxKey key) {
        List<String> rows = jdbc.queryForList("select data from outbox_message where message_key = ?", String.class,
                key.toString());
        return rows.isEmpty() ? null : read(rows.get(0));
    }

    @Override
    public Map<OutboxKey, OutboxEntry> loadAll(Collection<OutboxKey> keys) {
        Map<OutboxKey, OutboxEntry> result = new HashMap<>();
        for (OutboxKey key : keys) {
            OutboxEntry e = load(key);
            if (e != null) {
                result.put(key, e);
            }
        }
        return result;
    }

    @Override
    public Iterable<OutboxKey> loadAllKeys() {
        return jdbc.queryForList("select message_key from outbox_message where state in ('pending', 'sending')",
                String.class).stream().map(OutboxKey::parse).toList();
    }

    /** Keys of unfinished messages unchanged since {@code before}, the longest unchanged first. */
    List<OutboxKey> unfinishedUnchangedSince(Instant before, int limit) {
        return jdbc.queryForList("""
                select message_key from outbox_message
                where state in ('pending', 'sending') and updated_at < ?
                order by updated_at fetch first ? rows only""", String.class, Timestamp.from(before), limit)
                .stream().map(OutboxKey::parse).toList();
    }

    private String write(OutboxEntry e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write outbox message " + e.key(), ex);
        }
    }

    private OutboxEntry read(String data) {
        try {
            return json.readValue(data, OutboxEntry.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot read a stored outbox message", ex);
        }
    }
}
