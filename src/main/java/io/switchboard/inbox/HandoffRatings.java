package io.switchboard.inbox;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Turn;
import io.switchboard.system.AuditLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether a handoff note had what the agent needed: the agent who takes a conversation over answers
 * once per note ("did the note have what you needed?", and if not what was missing; "did you have to
 * ask the customer something they had already said?"). The KPIs count the share of useful notes and
 * of repeated questions, by queue and intent, so the note improves where it falls short.
 */
@Component
public class HandoffRatings {

    /** What a note can lack. */
    static final Set<String> MISSING = Set.of("goal", "order-or-account", "what-was-tried", "other");
    static final String NOTE_KIND = "handoff";
    private static final String NONE = "(none)";

    /**
     * An agent's answer about one handoff note.
     *
     * @param missing    when not useful: {@code goal}, {@code order-or-account}, {@code what-was-tried}, {@code other}
     * @param askedAgain the agent had to ask the customer something they had already said
     */
    public record Rating(String conversationId, long noteSeq, String queue, String intent, String agent,
                         boolean useful, List<String> missing, boolean askedAgain, String comment, Instant at) {
    }

    /**
     * The shares over the ratings given in a window.
     *
     * @param useful     notes that had what the agent needed
     * @param askedAgain handoffs after which the agent asked again what the customer had said
     * @param missing    how often each thing was missing
     */
    public record Quality(long rated, long useful, long askedAgain, Map<String, Long> missing) {
    }

    /** Overall, and per queue and per intent. */
    public record Report(Quality overall, Map<String, Quality> byQueue, Map<String, Quality> byIntent) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    HandoffRatings(NamedParameterJdbcTemplate jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Records the agent's answer about a handoff note of the conversation; one answer per note. */
    Rating rate(Conversation c, long noteSeq, boolean useful, List<String> missing, boolean askedAgain, String comment,
                String agent) {
        Turn note = c.turn(noteSeq).filter(t -> t.internal() && NOTE_KIND.equals(t.metadata().get("kind")))
                .orElseThrow(() -> new IllegalArgumentException("turn " + noteSeq + " is no handoff note of this "
                        + "conversation"));
        var lacking = new TreeSet<String>();
        for (String m : missing == null ? List.<String>of() : missing) {
            String name = m.strip().toLowerCase(Locale.ROOT);
            if (!MISSING.contains(name)) {
                throw new IllegalArgumentException("missing is among " + new TreeSet<>(MISSING) + ", not " + m);
            }
            lacking.add(name);
        }
        if (useful && !lacking.isEmpty()) {
            throw new IllegalArgumentException("a useful note lacks nothing; say it was not useful, and what it lacked");
        }
        var rating = new Rating(c.id(), noteSeq, note.metadata().getOrDefault("queue", c.queue()),
                note.metadata().get("intent"), agent, useful, List.copyOf(lacking), askedAgain,
                comment == null || comment.isBlank() ? null : comment.strip(), clock.instant());
        try {
            jdbc.update("""
                    insert into handoff_rating (conversation_id, note_seq, queue_name, intent, agent, useful, missing,
                                                asked_again, comment, at)
                    values (:conversation, :seq, :queue, :intent, :agent, :useful, :missing, :askedAgain, :comment, :at)""",
                    new MapSqlParameterSource("conversation", c.id()).addValue("seq", noteSeq)
                            .addValue("queue", rating.queue()).addValue("intent", rating.intent())
                            .addValue("agent", agent).addValue("useful", useful)
                            .addValue("missing", String.join(",", lacking)).addValue("askedAgain", askedAgain)
                            .addValue("comment", rating.comment()).addValue("at", Timestamp.from(rating.at())));
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("this handoff note was rated already");
        }
        audit.record(agent, "conversation.handoff-rated", "conversation", c.id(), Map.of("note", noteSeq,
                "useful", useful, "askedAgain", askedAgain, "missing", String.join(",", lacking)));
        return rating;
    }

    /** The notes of the conversation rated already. */
    Set<Long> rated(String conversationId) {
        return new TreeSet<>(jdbc.queryForList("select note_seq from handoff_rating where conversation_id = :c",
                Map.of("c", conversationId), Long.class));
    }

    /** Ratings given since {@code since}: overall, by queue, by intent. */
    Report since(Instant since) {
        List<Given> all = jdbc.query("""
                select queue_name, intent, useful, asked_again, missing from handoff_rating where at >= :since""",
                Map.of("since", Timestamp.from(since)), (rs, i) -> new Given(
                        rs.getString("queue_name") == null ? NONE : rs.getString("queue_name"),
                        rs.getString("intent") == null ? NONE : rs.getString("intent"), rs.getBoolean("useful"),
                        rs.getBoolean("asked_again"), rs.getString("missing")));
        var queues = new TreeMap<String, Quality>();
        all.stream().collect(Collectors.groupingBy(Given::queue)).forEach((k, v) -> queues.put(k, quality(v)));
        var intents = new TreeMap<String, Quality>();
        all.stream().collect(Collectors.groupingBy(Given::intent)).forEach((k, v) -> intents.put(k, quality(v)));
        return new Report(quality(all), queues, intents);
    }

    /** One rating as the KPIs count it. */
    private record Given(String queue, String intent, boolean useful, boolean askedAgain, String missing) {
    }

    private static Quality quality(List<Given> ratings) {
        var missing = new TreeMap<String, Long>();
        ratings.stream().filter(r -> r.missing() != null && !r.missing().isBlank())
                .flatMap(r -> Arrays.stream(r.missing().split(","))).forEach(m -> missing.merge(m, 1L, Long::sum));
        return new Quality(ratings.size(), ratings.stream().filter(Given::useful).count(),
                ratings.stream().filter(Given::askedAgain).count(), missing);
    }
}
