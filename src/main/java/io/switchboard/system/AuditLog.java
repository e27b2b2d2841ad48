package io.switchboard.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who changed what and when: links, merges, replies, assignments, resolutions. Append-only, in
 * the database every instance shares; details never carry message text. The one change ever made
 * to an event: an erasure blanks the details of those about the erased customer and their
 * conversations.
 */
@Component
public class AuditLog {

    /** The detail of an event whose subject's personal data was erased. */
    static final String REDACTED = "{\"redacted\":true}";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ObjectMapper json;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
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

    /** Every event about these subjects of one type, oldest first. */
    public List<Event> forSubjects(String subjectType, Collection<String> subjectIds) {
        if (subjectIds.isEmpty()) {
            return List.of();
        }
        return named.query("""
                select * from audit_event where subject_type = :type and subject_id in (:ids) order by at, id""",
                Map.of("type", subjectType, "ids", subjectIds), rows());
    }

    /**
     * Blanks the details of every event about these subjects (what they said about a customer erased
     * since): who did what and when stays. Events of the {@code kept} action (the erasure's own record)
     * keep theirs. Returns how many events it blanked.
     */
    public int redact(String subjectType, Collection<String> subjectIds, String kept) {
        if (subjectIds.isEmpty()) {
            return 0;
        }
        return named.update("""
                update audit_event set detail = :redacted
                where subject_type = :type and subject_id in (:ids) and action <> :kept
                  and (detail is null or detail <> :redacted)""",
                Map.of("type", subjectType, "ids", subjectIds, "redacted", REDACTED, "kept", kept));
    }

    /**
     * Deletes at most {@code batch} events older than {@code cutoff}, none about the {@code kept}
     * customers (under a legal hold) or their conversations; returns how many.
     */
    public int purge(Instant cutoff, Set<String> kept, int batch) {
        return named.update("""
                delete from audit_event where id in (
                    select id from audit_event
                    where at < :cutoff and not (subject_type = 'customer' and subject_id in (:kept))
                      and not (subject_type = 'conversation'
                               and subject_id in (select c.id from conversation c where c.customer_id in (:kept)))
                    order by at fetch first :batch rows only)""",
                Map.of("cutoff", Timestamp.from(cutoff), "kept", kept.isEmpty() ? Set.of("") : kept, "batch", batch));
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
