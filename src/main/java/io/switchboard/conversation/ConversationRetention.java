package io.switchboard.conversation;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.privacy.RetainedData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Conversations resolved longer ago than {@code switchboard.privacy.retention.closed-conversations}:
 * removed through the cluster's map (memory, backups, rows, turns and search index together), with the
 * keys their inbound messages were taken in by. The customer's next message starts a new one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConversationRetention implements RetainedData {

    private final IMap<String, Conversation> conversations;
    private final IMap<String, String> inboundKeys;
    private final TurnRepository turns;
    private final CustomerDirectory customers;
    private final NamedParameterJdbcTemplate jdbc;

    ConversationRetention(HazelcastInstance hazelcast, TurnRepository turns, CustomerDirectory customers,
                          NamedParameterJdbcTemplate jdbc) {
        this.conversations = hazelcast.getMap(ConversationMemory.CONVERSATIONS);
        this.inboundKeys = hazelcast.getMap(InboundDuplicates.INBOUND_MESSAGE_IDS);
        this.turns = turns;
        this.customers = customers;
        this.jdbc = jdbc;
    }

    @Override
    public String retention() {
        return "closed-conversations";
    }

    @Override
    public String items() {
        return "conversations";
    }

    @Override
    public int purge(Instant cutoff, Set<String> heldCustomers, int batch) {
        List<Map<String, Object>> due = jdbc.queryForList("""
                select id, customer_id from conversation
                where status = 'resolved' and resolved_at < :cutoff and customer_id not in (:held)
                order by resolved_at fetch first :batch rows only""",
                Map.of("cutoff", Timestamp.from(cutoff), "batch", batch,
                        "held", RetainedData.inList(heldCustomers)));
        int removed = 0;
        for (Map<String, Object> row : due) {
            String id = (String) row.get("id");
            List<Turn> stored = turns.all(id);
            if (!conversations.executeOnKey(id, new ConversationChange.PurgeResolved(cutoff))) {
                continue;
            }
            removed++;
            stored.forEach(t -> t.inboundKey().ifPresent(inboundKeys::delete));
            String customerId = (String) row.get("customer_id");
            customers.find(customerId).filter(c -> id.equals(c.currentConversationId()))
                    .ifPresent(c -> customers.replaceConversation(customerId, id, UUID.randomUUID().toString()));
        }
        return removed;
    }
}
