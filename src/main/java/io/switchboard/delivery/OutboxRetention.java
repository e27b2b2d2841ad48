package io.switchboard.delivery;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.privacy.RetainedData;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The lifetimes of finished outbound messages (sent, or given up), each holding the text that went
 * out: they go with their conversation after {@code closed-conversations}, and, in a conversation
 * that stays, after {@code message-text} (the turn keeps its delivery state). Removed through the
 * outbox's map; unfinished ones are never touched.
 */
@Configuration(proxyBeanMethods = false)
class OutboxRetention {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    RetainedData outboxOfClosedConversations(HazelcastInstance hazelcast, NamedParameterJdbcTemplate jdbc) {
        IMap<OutboxKey, OutboxEntry> entries = hazelcast.getMap(Outbox.MAP);
        return RetainedData.of("closed-conversations", "outbound-messages", (cutoff, heldCustomers, batch) ->
                remove(entries, jdbc.queryForList("""
                        select o.message_key from outbox_message o
                        where o.state in ('sent', 'dead') and o.next_attempt_at < :cutoff and o.updated_at < :cutoff
                          and not exists (select 1 from conversation c where c.id = o.conversation_id)
                        fetch first :batch rows only""",
                        Map.of("cutoff", Timestamp.from(cutoff), "batch", batch), String.class)));
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    RetainedData sentMessageTexts(HazelcastInstance hazelcast, NamedParameterJdbcTemplate jdbc) {
        IMap<OutboxKey, OutboxEntry> entries = hazelcast.getMap(Outbox.MAP);
        return RetainedData.of("message-text", "sent-messages", (cutoff, heldCustomers, batch) ->
                remove(entries, jdbc.queryForList("""
                        select o.message_key from outbox_message o
                        where o.state in ('sent', 'dead') and o.created_at < :cutoff and o.updated_at < :cutoff
                          and not exists (select 1 from conversation c
                                          where c.id = o.conversation_id and c.customer_id in (:held))
                        fetch first :batch rows only""",
                        Map.of("cutoff", Timestamp.from(cutoff), "batch", batch,
                                "held", RetainedData.inList(heldCustomers)), String.class)));
    }

    private static int remove(IMap<OutboxKey, OutboxEntry> entries, List<String> keys) {
        keys.forEach(key -> entries.delete(OutboxKey.parse(key)));
        return keys.size();
    }
}
