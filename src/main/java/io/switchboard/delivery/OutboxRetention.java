package io.switchboard.delivery;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.privacy.RetainedData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finished outbound messages of conversations retention removed (after the conversations, in the
 * same window): removed through the outbox's map. Unfinished ones are never touched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class OutboxRetention implements RetainedData {

    private final IMap<OutboxKey, OutboxEntry> entries;
    private final NamedParameterJdbcTemplate jdbc;

    OutboxRetention(HazelcastInstance hazelcast, NamedParameterJdbcTemplate jdbc) {
        this.entries = hazelcast.getMap(Outbox.MAP);
        this.jdbc = jdbc;
    }

    @Override
    public String retention() {
        return "closed-conversations";
    }

    @Override
    public String items() {
        return "outbound-messages";
    }

    @Override
    public int purge(Instant cutoff, Set<String> heldCustomers, int batch) {
        var keys = jdbc.queryForList("""
                select o.message_key from outbox_message o
                where o.state in ('sent', 'dead') and o.next_attempt_at < :cutoff and o.updated_at < :cutoff
                  and not exists (select 1 from conversation c where c.id = o.conversation_id)
                fetch first :batch rows only""",
                Map.of("cutoff", Timestamp.from(cutoff), "batch", batch), String.class);
        keys.forEach(key -> entries.delete(OutboxKey.parse(key)));
        return keys.size();
    }
}
