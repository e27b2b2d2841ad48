package io.switchboard.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Who changed what and when: links, merges, replies, assignments, resolutions. Append-only, in
 * the database every instance shares; details never carry message text.
 */
@Component
public class AuditLog {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** One recorded change. */
    public record Event(String id, Instant at, String actor, String action, String subjectType, String subjectId,
                        Map<String, Object> detail) {
    }

    public Event record(String actor, String action, String subjectType, String subjectId, Map<String, ?> detail) {
        var event = new Event(UUID.randomUUID().toString(), clock.instant(), actor, action, subjectType, subjectId,
                Map.copyOf(detail));
        jdbc.update("insert into audit_event (id, at, actor, action, subject_type, subject_id, detail) values (?, ?, ?, ?, ?, ?, ?)",
                event.id(), Timestamp.from(event.at()), actor, action, subjectType, subjectId, write(detail));
        return event;
    }

    public List<Event> forSubject(String subjectType, String subjectId) {
        return jdbc.query("select * from audit_event where subject_type = ? and subject_id = ? order by at, id",
                rows(), subjectType, subjectId);
    }

    public List<Event> recent(int limit) {
        return jdbc.query("select * from audit_event order by at desc, id desc limit ?", rows(), limit);
    }

    private RowMapper<Event> rows() {
        return (rs, i) -> new Event(rs.getString("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                rs.getString("action"), rs.getString("subject_type"), rs.getString("subject_id"),
                read(rs.getString("detail")));
    }

    private String write(Map<String, ?> detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable", e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String detail) {
        try {
            return detail == null ? Map.of() : json.readValue(detail, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", true);
        }
    }
}
