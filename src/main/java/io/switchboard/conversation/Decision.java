package io.switchboard.conversation;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Why a conversation went where it went: who answers, and the rule or score behind it.
 *
 * @param at      when the decision was made
 * @param outcome what was decided, e.g. {@code human-queue} or {@code ai-reply}
 * @param queue   the queue, when a human answers
 * @param reason  the rule that fired, in words an agent understands
 * @param detail  the figures behind it (intent, score, threshold), small strings only
 */
public record Decision(Instant at, String outcome, String queue, String reason, Map<String, String> detail) {

    public Decision {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }
}
