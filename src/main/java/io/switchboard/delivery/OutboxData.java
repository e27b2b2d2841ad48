package io.switchboard.delivery;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.privacy.DataSubject;
import io.switchboard.privacy.PersonalDataHolder;
import io.switchboard.privacy.SubjectArchive;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbound messages of the customer's conversations, sent or still to send: exported with their
 * delivery history; an erasure removes them through the outbox's map (one still waiting is never sent).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class OutboxData implements PersonalDataHolder {

    private final IMap<OutboxKey, OutboxEntry> entries;
    private final OutboxStore rows;
    private final NamedParameterJdbcTemplate jdbc;

    OutboxData(HazelcastInstance hazelcast, OutboxStore rows, NamedParameterJdbcTemplate jdbc) {
        this.entries = hazelcast.getMap(Outbox.MAP);
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "outbound-messages";
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        archive.json("outbox.json", keys(subject).stream().map(rows::load).filter(Objects::nonNull).toList());
    }

    @Override
    public long erase(DataSubject subject) {
        long removed = 0;
        for (OutboxKey key : keys(subject)) {
            if (entries.remove(key) != null) {
                removed++;
            }
        }
        return removed;
    }

    private List<OutboxKey> keys(DataSubject subject) {
        if (subject.conversationIds().isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("""
                select message_key from outbox_message where conversation_id in (:ids) order by created_at""",
                Map.of("ids", subject.conversationIds()), String.class).stream().map(OutboxKey::parse).toList();
    }
}
