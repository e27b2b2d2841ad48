package io.switchboard.responder;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * AI responder settings. The defaults run offline: the embedded responder over the packaged sample
 * knowledge base, no model, no key.
 *
 * @param provider       {@code embedded} (retrieval only), {@code openai} (any OpenAI-compatible
 *                       endpoint) or {@code ollama} (its OpenAI-compatible endpoint)
 * @param baseUrl        the model's base URL; empty: the provider's usual one
 * @param model          the model name; empty: the provider's usual one
 * @param apiKey         the model's key; never logged, left out of {@link #toString()}
 * @param knowledgeDir   folder of Markdown articles; empty: the packaged sample {@code classpath:knowledge/}
 * @param timeout        how long a model may take to answer before a person takes over
 * @param historyTurns   how many recent visible turns the model sees, besides the running summary
 * @param maxPassages    how many knowledge passages a question retrieves at most
 * @param circuitBreaker when to stop calling a failing model for a while
 * @param thresholds     scores that decide between answering and handing off
 * @param assistantLabel first line of every AI reply, so the customer knows who writes
 * @param wayToPerson    last line of every AI reply, how to reach a person
 * @param maskPatterns   extra personal data patterns to mask (national ids, customer numbers ...)
 */
@ConfigurationProperties("switchboard.ai")
public record AiProperties(
        @DefaultValue("embedded") Provider provider,
        @DefaultValue("") String baseUrl,
        @DefaultValue("") String model,
        @DefaultValue("") String apiKey,
        @DefaultValue("") String knowledgeDir,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("6") int historyTurns,
        @DefaultValue("4") int maxPassages,
        @DefaultValue CircuitBreakerSettings circuitBreaker,
        @DefaultValue Thresholds thresholds,
        @DefaultValue("Automated assistant:") String assistantLabel,
        @DefaultValue("Say or write \"agent\" at any time to reach a person.") String wayToPerson,
        List<MaskPattern> maskPatterns) {

    /** Which responder answers. */
    public enum Provider {
        EMBEDDED, OPENAI, OLLAMA
    }

    public AiProperties {
        provider = provider == null ? Provider.EMBEDDED : provider;
        baseUrl = baseUrl == null ? "" : baseUrl.strip();
        model = model == null ? "" : model.strip();
        apiKey = apiKey == null ? "" : apiKey.strip();
        knowledgeDir = knowledgeDir == null ? "" : knowledgeDir.strip();
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("switchboard.ai.timeout must be positive");
        }
        if (historyTurns < 0) {
            throw new IllegalArgumentException("switchboard.ai.history-turns must not be negative");
        }
        if (maxPassages < 1) {
            throw new IllegalArgumentException("switchboard.ai.max-passages must be at least 1");
        }
        circuitBreaker = circuitBreaker == null ? new CircuitBreakerSettings(3, Duration.ofSeconds(30)) : circuitBreaker;
        thresholds = thresholds == null ? Thresholds.DEFAULTS : thresholds;
        assistantLabel = assistantLabel == null ? "" : assistantLabel.strip();
        wayToPerson = wayToPerson == null ? "" : wayToPerson.strip();
        if (assistantLabel.isEmpty() || wayToPerson.isEmpty()) {
            throw new IllegalArgumentException(
                    "switchboard.ai.assistant-label and switchboard.ai.way-to-person must not be empty: "
                            + "every AI reply says it is automated and how to reach a person");
        }
        maskPatterns = maskPatterns == null ? List.of() : List.copyOf(maskPatterns);
    }

    /** The embedded defaults, for code and tests that build the responder without Spring. */
    public static AiProperties defaults() {
        return new AiProperties(Provider.EMBEDDED, "", "", "", "", Duration.ofSeconds(10), 6, 4, null, null,
                "Automated assistant:", "Say or write \"agent\" at any time to reach a person.", List.of());
    }

    /** The base URL to call: the configured one, else the provider's usual one. */
    public String effectiveBaseUrl() {
        if (!baseUrl.isEmpty()) {
            return baseUrl;
        }
        return provider == Provider.OLLAMA ? "http://localhost:11434/v1" : "https://api.openai.com/v1";
    }

    /** The model to ask: the configured one, else the provider's usual one. */
    public String effectiveModel() {
        if (!model.isEmpty()) {
            return model;
        }
        return provider == Provider.OLLAMA ? "llama3.1" : "gpt-4o-mini";
    }

    @Override
    public String toString() {
        return "AiProperties[provider=" + provider.name().toLowerCase(Locale.ROOT) + ", baseUrl=" + baseUrl
                + ", model=" + model + ", apiKey=" + (apiKey.isEmpty() ? "(none)" : "(set)")
                + ", knowledgeDir=" + knowledgeDir + ", timeout=" + timeout + ", historyTurns=" + historyTurns
                + ", maxPassages=" + maxPassages + ", circuitBreaker=" + circuitBreaker + ", thresholds=" + thresholds
                + ", maskPatterns=" + maskPatterns.size() + "]";
    }

    /**
     * @param failures how many failures in a row open the circuit
     * @param openFor  how long an open circuit sends everything to a person before trying the model again
     */
    public record CircuitBreakerSettings(@DefaultValue("3") int failures, @DefaultValue("30s") Duration openFor) {
        public CircuitBreakerSettings {
            if (failures < 1) {
                throw new IllegalArgumentException("switchboard.ai.circuit-breaker.failures must be at least 1");
            }
            openFor = openFor == null ? Duration.ofSeconds(30) : openFor;
        }
    }

    /**
     * Cosine similarities (bge-small-en-v1.5-q) that decide, measured on the sample knowledge base:
     * paraphrased questions scored 0.74 to 0.88 against their article, unrelated ones 0.47 to 0.61
     * (see {@code EmbeddedResponder}); reply sentences that restate an article scored 0.76 to 0.95
     * against its closest sentence, invented ones 0.43 to 0.78 (one contradiction, "gift cards never
     * expire", 0.90: embeddings do not see negation).
     *
     * @param answer         the embedded responder answers with an article only at or above this score
     * @param retrieval      passages below this score are not given to a model
     * @param grounding      a sentence of a generated reply must be this close to a retrieved passage sentence
     * @param lexicalOverlap or share at least this fraction of its content words with the passages
     * @param clarify        below {@code answer}, two articles at or above this score make a clarifying question
     *                       ("is this about A or B?") rather than a handoff; vague questions about the store
     *                       ("the thing I bought") scored 0.62 to 0.69 against two articles, unrelated ones at
     *                       most 0.61 ({@link Clarifier})
     */
    public record Thresholds(@DefaultValue("0.70") double answer, @DefaultValue("0.65") double retrieval,
                             @DefaultValue("0.80") double grounding, @DefaultValue("0.75") double lexicalOverlap,
                             @DefaultValue("0.62") double clarify) {
        static final Thresholds DEFAULTS = new Thresholds(0.70, 0.65, 0.80, 0.75, 0.62);

        public Thresholds {
            for (double t : new double[] {answer, retrieval, grounding, lexicalOverlap, clarify}) {
                if (t <= 0 || t > 1) {
                    throw new IllegalArgumentException("switchboard.ai.thresholds.* must be in (0, 1]");
                }
            }
        }
    }

    /**
     * Extra personal data to mask.
     *
     * @param label replaces the match as {@code [label]}
     * @param regex a Java regular expression
     */
    public record MaskPattern(String label, String regex) {
        public MaskPattern {
            if (label == null || label.isBlank() || regex == null || regex.isBlank()) {
                throw new IllegalArgumentException("switchboard.ai.mask-patterns need a label and a regex");
            }
            Pattern.compile(regex);
        }
    }
}
