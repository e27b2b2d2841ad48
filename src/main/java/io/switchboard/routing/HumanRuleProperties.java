package io.switchboard.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.yaml.snakeyaml.Yaml;

/**
 * The word lists of the rules that send a conversation to a person whatever the classifier says.
 * Every list left out of the configuration falls back to the defaults in
 * {@code config/routing-rules.yaml}, which documents the phrase syntax.
 *
 * @param personRequests    phrases that ask for a person
 * @param personWords       a message made only of these and filler words asks for a person ("Agent!")
 * @param fillerWords       words that do not change what such a short message asks
 * @param notPersonRequests phrases with a person word that ask for none ("user agent"), removed first
 * @param negativeThreshold sentiment points at which a message counts as strongly negative
 * @param strongNegative    terms worth 2 points
 * @param mildNegative      terms worth 1 point
 * @param intensifiers      a word just before a term that adds 1 point ("very")
 * @param negations         a word up to three words before a term that cancels it ("not bad")
 * @param repeatedFailures  how many "that did not help" after an AI answer send the conversation to a person
 * @param notHelped         phrases saying an answer did not help
 * @param escalation        legal, chargeback, safety and formal-complaint wording
 */
@ConfigurationProperties("switchboard.routing.human")
public record HumanRuleProperties(List<String> personRequests, List<String> personWords,
                                  List<String> fillerWords, List<String> notPersonRequests, Integer negativeThreshold,
                                  List<String> strongNegative, List<String> mildNegative, List<String> intensifiers,
                                  List<String> negations, Integer repeatedFailures, List<String> notHelped,
                                  List<String> escalation) {

    static final String DEFAULTS = "config/routing-rules.yaml";

    /** The bundled defaults. */
    public static HumanRuleProperties defaults() {
        try (InputStream in = HumanRuleProperties.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            Map<String, Object> root = new Yaml().load(in);
            Map<?, ?> human = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) root.get("switchboard")).get("routing")).get("human");
            Function<String, List<String>> list = key -> human.get(key) == null ? List.of()
                    : ((List<?>) human.get(key)).stream().map(String::valueOf).toList();
            return new HumanRuleProperties(list.apply("person-requests"),
                    list.apply("person-words"), list.apply("filler-words"), list.apply("not-person-requests"),
                    (Integer) human.get("negative-threshold"), list.apply("strong-negative"),
                    list.apply("mild-negative"), list.apply("intensifiers"), list.apply("negations"),
                    (Integer) human.get("repeated-failures"), list.apply("not-helped"), list.apply("escalation"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS, e);
        }
    }

    /** These settings, with every one left out taken from {@code defaults}. */
    HumanRuleProperties orElse(HumanRuleProperties defaults) {
        return new HumanRuleProperties(or(personRequests, defaults.personRequests),
                or(personWords, defaults.personWords), or(fillerWords, defaults.fillerWords),
                or(notPersonRequests, defaults.notPersonRequests),
                negativeThreshold != null ? negativeThreshold : defaults.negativeThreshold,
                or(strongNegative, defaults.strongNegative), or(mildNegative, defaults.mildNegative),
                or(intensifiers, defaults.intensifiers), or(negations, defaults.negations),
                repeatedFailures != null ? repeatedFailures : defaults.repeatedFailures,
                or(notHelped, defaults.notHelped), or(escalation, defaults.escalation));
    }

    private static List<String> or(List<String> configured, List<String> fallback) {
        return configured == null || configured.isEmpty() ? fallback : configured;
    }
}
