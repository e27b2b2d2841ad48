package io.switchboard.oversight;

import io.switchboard.conversation.ConversationMemory;
import io.switchboard.responder.AiAnswer;
import io.switchboard.routing.RoutingDecision;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Body;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the AI's clarifying questions led to: each question asked is counted once (by the id of the
 * message it asked about), and the decision on the customer's answer says whether it led to a grounded
 * answer (the AI answered, or its answer waits as a draft) or to a person. The share of questions that
 * led to a grounded answer, with its interval, is in the oversight report.
 */
@Component("clarificationOutcomes")
public class ClarificationOutcomes {

    static final String ANSWERED = "answered";
    static final String DRAFTED = "drafted";
    static final String HANDED_OFF = "handed-off";

    /**
     * Questions asked since a moment.
     *
     * @param replied  those the customer answered
     * @param grounded the share of those asked that led to a grounded answer
     */
    public record Report(long asked, long replied, Proportion grounded) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ConversationMemory memory;
    private final Clock clock;

    ClarificationOutcomes(NamedParameterJdbcTemplate jdbc, ConversationMemory memory, Clock clock) {
        this.jdbc = jdbc;
        this.memory = memory;
        this.clock = clock;
    }

    /** Route step after the clarify branch: counts the question when it was sent. */
    public RoutingDecision asked(@Body RoutingDecision routing) {
        String clarifies = routing.decision() == null ? null : routing.decision().detail().get(RoutingDecision.CLARIFIES);
        if (clarifies == null || !sent(routing.conversationId(), clarifies)) {
            return routing; // handed to a person instead, or taken over meanwhile
        }
        try {
            jdbc.update("""
                    insert into ai_clarification (id, asked_at, options) values (:id, :at, :options)""",
                    Map.of("id", clarifies, "at", Timestamp.from(clock.instant()), "options", String.join(",",
                            routing.reply().citations().stream().map(AiAnswer.Citation::articleId).toList())));
        } catch (DuplicateKeyException e) {
            // decided again after a cut-short decision: counted once
        }
        return routing;
    }

    /** Route step after a decision: when the message answered a clarifying question, what that led to. */
    public RoutingDecision answered(@Body RoutingDecision routing) {
        String clarified = routing.decision() == null ? null : routing.decision().detail().get(RoutingDecision.CLARIFIED);
        if (clarified == null) {
            return routing;
        }
        String outcome = switch (routing.branch()) {
            case RoutingDecision.AI_ANSWER -> ANSWERED;
            case RoutingDecision.AI_DRAFT -> DRAFTED;
            default -> HANDED_OFF;
        };
        String article = routing.reply() == null || routing.reply().citations().isEmpty() ? null
                : routing.reply().citations().get(0).articleId();
        var values = new HashMap<String, Object>();
        values.put("id", clarified);
        values.put("outcome", outcome);
        values.put("article", article);
        values.put("at", Timestamp.from(clock.instant()));
        jdbc.update("""
                update ai_clarification set outcome = :outcome, article = :article, decided_at = :at
                where id = :id and outcome is null""", values);
        return routing;
    }

    /** Questions asked since {@code since}, how many the customers answered, and the share that led to a grounded answer. */
    public Report report(Instant since) {
        return jdbc.queryForObject("""
                select count(*) asked, count(outcome) replied,
                       sum(case when outcome in ('answered', 'drafted') then 1 else 0 end) grounded
                from ai_clarification where asked_at >= :since""", Map.of("since", Timestamp.from(since)),
                (rs, i) -> new Report(rs.getLong("asked"), rs.getLong("replied"),
                        Proportion.of(rs.getLong("grounded"), rs.getLong("asked"))));
    }

    private boolean sent(String conversationId, String clarifies) {
        return memory.find(conversationId).stream().flatMap(c -> c.turns().stream())
                .anyMatch(t -> RoutingDecision.AI_CLARIFY.equals(t.metadata().get("kind"))
                        && Objects.equals(clarifies, t.metadata().get(RoutingDecision.CLARIFIES)));
    }
}
