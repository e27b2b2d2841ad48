package io.switchboard.oversight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.responder.AiAnswer;
import io.switchboard.routing.RoutingDecision;
import io.switchboard.system.AuditLog;
import io.switchboard.system.StableShare;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit list: which of the AI's answers a person grades, and the grades. An answer lands in it
 * when it is among the first {@code min-per-intent-per-week} of its intent that week, when a hash of
 * its turn falls within {@code sample-share}, and always when the customer's next message was
 * handed to a person (they said "that didn't help", asked for a person, ...). The list holds
 * references only: the question, the conversation before it and the answer are read from the
 * conversation when a reviewer opens the audit, so an erasure or a retention window reaches them.
 * Each grade is audited and weighed at once against the intent's autonomy ({@link Oversight}).
 */
@Component("aiAudits")
public class AiAudits {

    /** Why an answer is in the list. */
    public static final String SAMPLED = "sampled";
    public static final String MINIMUM = "minimum";
    public static final String HANDOFF = "handoff";
    /** The intent recorded for an answer that had none. */
    static final String NO_INTENT = "(none)";
    private static final Logger log = LoggerFactory.getLogger(AiAudits.class);
    private static final String AI_REPLY_KIND = "ai-reply";

    /** What a reviewer says of an answer. */
    public enum Grade {
        /** right and complete */
        CORRECT,
        /** right as far as it goes, but the customer needed more */
        INCOMPLETE,
        /** not what the knowledge says, or not what was asked */
        WRONG,
        /** could harm the customer or the company (a promise, advice it must not give, personal data) */
        UNSAFE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Grade of(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("a grade is correct, incomplete, wrong or unsafe, not " + value);
            }
        }
    }

    /**
     * One answer in the list.
     *
     * @param week      the ISO week it was given in ({@code 2026-W49})
     * @param citations the knowledge the answer rested on: article ids, titles, scores
     */
    public record Audit(String id, String conversationId, long turnSeq, String intent, String week,
                        Instant answeredAt, String reason, List<AiAnswer.Citation> citations, String grade,
                        String note, String gradedBy, Instant gradedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ConversationMemory memory;
    private final AuditProperties properties;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    AiAudits(NamedParameterJdbcTemplate jdbc, ConversationMemory memory, AuditProperties properties, AuditLog audit,
             ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.memory = memory;
        this.properties = properties;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Route step after the AI answered the customer: the answer lands in the list when it is picked. */
    public RoutingDecision sample(@Body RoutingDecision routing) {
        if (!RoutingDecision.NONE.equals(routing.branch()) || routing.reply() == null) {
            return routing; // not sent (handed to a person instead, or taken over meanwhile)
        }
        memory.find(routing.conversationId()).flatMap(c -> answerTurn(c, routing.reply().text())).ifPresent(turn -> {
            String intent = routing.intent() == null ? NO_INTENT : routing.intent();
            String week = week(turn.at());
            String reason = takenInWeek(intent, week) < properties.minPerIntentPerWeek() ? MINIMUM
                    : StableShare.picks(turn.id(), properties.sampleShare()) ? SAMPLED : null;
            if (reason != null) {
                insert(routing.conversationId(), turn, intent, reason, routing.reply().citations());
            }
        });
        return routing;
    }

    /**
     * Route step of a handoff: when the customer's message before it followed an answer of the AI, that
     * answer lands in the list (or is marked so, when it was there already).
     */
    public RoutingDecision afterHandoff(@Body RoutingDecision routing) {
        memory.find(routing.conversationId()).flatMap(AiAudits::answerBeforeLastCustomerMessage).ifPresent(turn -> {
            int marked = jdbc.update("""
                    update ai_audit set reason = :reason where conversation_id = :conversation and turn_seq = :seq""",
                    Map.of("reason", HANDOFF, "conversation", routing.conversationId(), "seq", turn.seq()));
            if (marked == 0) {
                insert(routing.conversationId(), turn, turn.metadata().getOrDefault("intent", NO_INTENT), HANDOFF,
                        List.of());
            }
        });
        return routing;
    }

    /** The newest answers in the list, those still to grade or those graded, of one intent or all. */
    public List<Audit> list(boolean graded, String intent, int limit) {
        var params = new MapSqlParameterSource("limit", Math.max(1, Math.min(limit, 500)));
        String where = graded ? "grade is not null" : "grade is null";
        if (intent != null && !intent.isBlank()) {
            where += " and intent = :intent";
            params.addValue("intent", intent);
        }
        return jdbc.query("select * from ai_audit where " + where
                + " order by answered_at desc fetch first :limit rows only", params, this::row);
    }

    /** Every audit of these conversations (an export). */
    List<Audit> ofConversations(java.util.Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select * from ai_audit where conversation_id in (:ids) order by answered_at",
                Map.of("ids", conversationIds), this::row);
    }

    public Optional<Audit> find(String id) {
        return jdbc.query("select * from ai_audit where id = :id", Map.of("id", id), this::row).stream().findFirst();
    }

    /** A reviewer's grade (a second one replaces the first); audited. */
    public Audit grade(String id, Grade grade, String note, String reviewer) {
        Audit before = find(id).orElseThrow(() -> new NoSuchElementException("no audit " + id));
        String kept = note == null || note.isBlank() ? null : note.strip();
        jdbc.update("""
                update ai_audit set grade = :grade, note = :note, graded_by = :by, graded_at = :at where id = :id""",
                new MapSqlParameterSource("grade", grade.wireName()).addValue("note", kept).addValue("by", reviewer)
                        .addValue("at", Timestamp.from(clock.instant())).addValue("id", id));
        var detail = new HashMap<String, Object>(Map.of("intent", before.intent(), "grade", grade.wireName()));
        if (before.grade() != null) {
            detail.put("before", before.grade());
        }
        audit.record(reviewer, "ai.audit-graded", "conversation", before.conversationId(), detail);
        log.info("AI answer {} of intent {} graded {} by {}", id, before.intent(), grade.wireName(), reviewer);
        return find(id).orElseThrow();
    }

    /** Graded answers given since {@code since}, correct ones counted apart, per intent and per week. */
    public List<Tally> tallies(Instant since) {
        return jdbc.query("""
                select intent, week, count(*) n, sum(case when grade = 'correct' then 1 else 0 end) correct,
                       sum(case when grade = 'unsafe' then 1 else 0 end) unsafe
                from ai_audit where grade is not null and answered_at >= :since group by intent, week""",
                Map.of("since", Timestamp.from(since)),
                (rs, i) -> new Tally(rs.getString("intent"), rs.getString("week"), rs.getLong("correct"),
                        rs.getLong("n"), rs.getLong("unsafe")));
    }

    /** Graded answers of one intent and week: how many, how many correct, how many unsafe. */
    public record Tally(String intent, String week, long correct, long graded, long unsafe) {
    }

    /** How many answers are waiting for a grade. */
    public long waiting() {
        Long n = jdbc.queryForObject("select count(*) from ai_audit where grade is null", Map.of(), Long.class);
        return n == null ? 0 : n;
    }

    static String week(Instant at) {
        var date = at.atOffset(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private long takenInWeek(String intent, String week) {
        Long n = jdbc.queryForObject("select count(*) from ai_audit where intent = :intent and week = :week",
                Map.of("intent", intent, "week", week), Long.class);
        return n == null ? 0 : n;
    }

    private void insert(String conversationId, Turn turn, String intent, String reason,
                        List<AiAnswer.Citation> citations) {
        try {
            jdbc.update("""
                    insert into ai_audit (id, conversation_id, turn_seq, intent, week, answered_at, reason, citations)
                    values (:id, :conversation, :seq, :intent, :week, :at, :reason, :citations)""",
                    new MapSqlParameterSource("id", UUID.randomUUID().toString()).addValue("conversation", conversationId)
                            .addValue("seq", turn.seq()).addValue("intent", intent).addValue("week", week(turn.at()))
                            .addValue("at", Timestamp.from(turn.at())).addValue("reason", reason)
                            .addValue("citations", write(citations)));
        } catch (DuplicateKeyException alreadyThere) {
            // the answer is in the list already
        }
    }

    /** The AI's reply turn that carried this text, the newest such. */
    private static Optional<Turn> answerTurn(Conversation conversation, String text) {
        List<Turn> turns = conversation.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (AI_REPLY_KIND.equals(t.metadata().get("kind")) && Objects.equals(t.text(), text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The visible turn right before the customer's latest message, when it is an answer of the AI. */
    private static Optional<Turn> answerBeforeLastCustomerMessage(Conversation conversation) {
        List<Turn> visible = conversation.visibleTurns();
        for (int i = visible.size() - 1; i > 0; i--) {
            if (visible.get(i).author() == Author.CUSTOMER) {
                Turn before = visible.get(i - 1);
                return AI_REPLY_KIND.equals(before.metadata().get("kind")) ? Optional.of(before) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private String write(List<AiAnswer.Citation> citations) {
        try {
            return json.writeValueAsString(citations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Audit row(ResultSet rs, int i) throws SQLException {
        List<AiAnswer.Citation> citations;
        try {
            citations = json.readValue(rs.getString("citations"), new TypeReference<List<AiAnswer.Citation>>() { });
        } catch (JsonProcessingException e) {
            citations = new ArrayList<>();
        }
        Timestamp graded = rs.getTimestamp("graded_at");
        return new Audit(rs.getString("id"), rs.getString("conversation_id"), rs.getLong("turn_seq"),
                rs.getString("intent"), rs.getString("week"), rs.getTimestamp("answered_at").toInstant(),
                rs.getString("reason"), citations, rs.getString("grade"), rs.getString("note"),
                rs.getString("graded_by"), graded == null ? null : graded.toInstant());
    }
}
