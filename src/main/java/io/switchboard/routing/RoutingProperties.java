package io.switchboard.routing;

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
 * @param defaultQueue the human queue for what no intent claims (unknown, a rule that fired)
 * @param intents      by name
 */
@ConfigurationProperties("switchboard.routing")
public record RoutingProperties(@DefaultValue("default") String defaultQueue,
                                @DefaultValue Map<String, Intent> intents) {

    /**
     * @param queue    the human queue it goes to when a person answers (default: the default queue)
     * @param autonomy how far the AI may act: {@code off}, {@code draft} or {@code auto}
     * @param escalate always a person (billing dispute, legal, safety, complaint)
     * @param examples utterances the classifier learns the intent from
     */
    public record Intent(String queue, @DefaultValue("auto") Autonomy autonomy, @DefaultValue("false") boolean escalate,
                         @DefaultValue List<String> examples) {
    }

    /** How far the AI may act on an intent. */
    public enum Autonomy {
        /** a person answers; the AI writes nothing */
        OFF,
        /** the AI writes a suggestion an agent sends, edits or discards */
        DRAFT,
        /** the AI answers the customer itself when its answer is grounded */
        AUTO;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
