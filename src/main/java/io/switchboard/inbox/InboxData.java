package io.switchboard.inbox;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.privacy.DataSubject;
import io.switchboard.privacy.PersonalDataHolder;
import io.switchboard.privacy.SubjectArchive;
import java.time.Instant;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the inbox keeps about the customer: their satisfaction answers (exported; kept on erasure, as
 * they hold a score and no words), the waiting list's places and open surveys of their conversations
 * (removed). The KPI facts stay: ids, times, queues and outcomes, no text and no address.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class InboxData implements PersonalDataHolder {

    private final IMap<String, WaitingEntry> waiting;
    private final IMap<String, CsatSurveys.Pending> surveys;
    private final NamedParameterJdbcTemplate jdbc;

    InboxData(HazelcastInstance hazelcast, NamedParameterJdbcTemplate jdbc) {
        this.waiting = hazelcast.getMap(WaitingList.WAITING);
        this.surveys = hazelcast.getMap(CsatSurveys.PENDING);
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "inbox";
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        archive.json("inbox/csat-answers.json", jdbc.query("""
                select conversation_id, channel, queue_name, agent, score, answered_at from csat_answer
                where customer_id in (:ids) order by answered_at""", Map.of("ids", subject.customerIds()),
                (rs, i) -> new CsatAnswer(rs.getString("conversation_id"), rs.getString("channel"),
                        rs.getString("queue_name"), rs.getString("agent"), rs.getInt("score"),
                        rs.getTimestamp("answered_at").toInstant())));
    }

    record CsatAnswer(String conversationId, String channel, String queue, String agent, int score,
                      Instant answeredAt) {
    }

    @Override
    public long erase(DataSubject subject) {
        long removed = 0;
        for (String id : subject.conversationIds()) {
            if (waiting.remove(id) != null) {
                removed++;
            }
        }
        for (String id : subject.customerIds()) {
            if (surveys.remove(id) != null) {
                removed++;
            }
        }
        if (!subject.conversationIds().isEmpty()) {
            // an agent's words about a handoff may speak of the customer; the rating stays, a KPI fact
            removed += jdbc.update("""
                    update handoff_rating set comment = null
                    where conversation_id in (:conversations) and comment is not null""",
                    Map.of("conversations", subject.conversationIds()));
        }
        return removed;
    }
}
