package io.switchboard.routing;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who answers, as data: the intents the classifier learns (examples), where each goes and how far
 * the AI may act on it. Queues themselves are the inbox's ({@code switchboard.inbox.queues}); an
 * intent names one.
 *
 * @param mode           {@code automatic} (the default: rules, classifier, AI) or {@code people-only}
 *                       (every message to the default queue, as a contact center without automation)
 * @param defaultQueue   the human queue for what no intent claims (unknown, a rule that fired)
 * @param intents        by name
 * @param aiLanguages    languages the AI answers in (ISO 639-1); a message in another detected
 *                       language goes to a person, in a queue with that {@code language:} skill if any
 * @param products       product names a handoff note lists when the customer mentions them
 * @param handoffNotice  what the customer is told when a person takes over; {@code {position}} is
 *                       their place in the queue
 * @param responderName  the name AI turns carry
 * @param sweepAfter     an open conversation left undecided this long (an instance died while
 *                       deciding) is decided again by the sweep
 * @param disabledRules  ids of routing rules that never fire (see {@code RoutingRules} for the list)
 */
@ConfigurationProperties("switchboard.routing")
public record RoutingProperties(@DefaultValue("automatic") Mode mode,
                                @DefaultValue("default") String defaultQueue,
                                @DefaultValue Map<String, Intent> intents,
                                @DefaultValue("en") List<String> aiLanguages,
                                @DefaultValue List<String> products,
                                @DefaultValue("Thank you. A person from our team will take over from here and can see "
                                        + "everything you have told us, so there is no need to repeat it. You are number "
                                        + "{position} in line.") String handoffNotice,
                                @DefaultValue("assistant") String responderName,
                                @DefaultValue("30s") Duration sweepAfter,
                                @DefaultValue List<String> disabledRules) {

    /**
     * @param queue    the human queue it goes to when a person answers (default: the default queue)
     * @param autonomy how far the AI may act: {@code off}, {@code draft} or {@code auto}
     * @param escalate always a person (billing dispute, legal, safety, complaint)
     * @param examples utterances the classifier learns the intent from
     * @param rollout  with {@code auto}: the percent of customers (chosen stably by id) the AI answers by
     *                 itself; for the rest its answer waits as a draft. 100: everyone
     */
    public record Intent(String queue, @DefaultValue("auto") Autonomy autonomy, @DefaultValue("false") boolean escalate,
                         @DefaultValue List<String> examples, @DefaultValue("100") double rollout) {
        public Intent {
            if (rollout < 0 || rollout > 100) {
                throw new IllegalArgumentException("an intent's rollout is a percent, 0 to 100, not " + rollout);
            }
        }
    }

    /** Whether routing decides at all. */
    public enum Mode {
        /** rules, the intent classifier and the AI responder decide */
        AUTOMATIC,
        /** every customer message goes to the default queue; no AI, no note, no notice */
        PEOPLE_ONLY
    }

    /** How far the AI may act on an intent. */
    public enum Autonomy {
        /** a person answers; the AI writes nothing */
        OFF,
        /** the AI writes a suggestion an agent sends, edits or discards */
        DRAFT,
        /** the AI answers the customer itself when its answer is grounded */
        AUTO;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
