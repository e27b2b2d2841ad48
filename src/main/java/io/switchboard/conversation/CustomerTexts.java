package io.switchboard.conversation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * What the gateway itself tells a customer (the assistant's label, the way to a person, the handoff,
 * closed-queue and satisfaction notices), in the conversation's language. The English text of each is
 * the property it always was ({@code switchboard.ai.assistant-label}, {@code switchboard.routing.handoff-notice},
 * ...), passed in by whoever says it; the other languages are {@code switchboard.texts.<language>.<key>},
 * and a language or key not configured is said in English. They are properties rather than Spring
 * message bundles because the English texts are already properties an installation overrides key by
 * key, and one mechanism for both keeps a translation next to the text it translates.
 */
@Component
public class CustomerTexts {

    /** A text the gateway says, by its key under {@code switchboard.texts.<language>}. */
    public enum Text {
        ASSISTANT_LABEL("assistant-label"),
        WAY_TO_PERSON("way-to-person"),
        /** the word before the titles of the articles an AI reply rests on ("Source:") */
        SOURCE("source"),
        HANDOFF_NOTICE("handoff-notice"),
        CLOSED_NOTICE("closed-notice"),
        /** what stands for the opening time in the closed notice when the queue never opens again */
        NEXT_OPENING("next-opening"),
        CSAT_QUESTION("csat-question"),
        /** what the AI says when the customer said no to its offer to act on an order */
        ACTION_DECLINED("action-declined"),
        /** what the AI says once it acted on an order, where the article that offered it has gone */
        ACTION_DONE("action-done");

        private final String key;

        Text(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** @param texts by language (ISO 639-1), then by {@link Text#key()} */
    @ConfigurationProperties("switchboard")
    public record Translations(@DefaultValue Map<String, Map<String, String>> texts) {

        public Translations {
            texts = texts == null ? Map.of() : texts;
            List<String> keys = Arrays.stream(Text.values()).map(Text::key).toList();
            texts.forEach((language, byKey) -> {
                if (!language.matches("[a-z]{2}")) {
                    throw new IllegalArgumentException("switchboard.texts: \"" + language
                            + "\" is no ISO 639-1 language code (two lower-case letters, e.g. es)");
                }
                var unknown = byKey.keySet().stream().filter(k -> !keys.contains(k)).sorted().toList();
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException("switchboard.texts." + language + " has keys that are no text: "
                            + unknown + "; the texts are " + keys);
                }
            });
            texts = texts.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                    e -> e.getValue().entrySet().stream().filter(t -> t.getValue() != null && !t.getValue().isBlank())
                            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, t -> t.getValue().strip()))));
        }
    }

    private final Translations translations;

    public CustomerTexts(Translations translations) {
        this.translations = translations;
    }

    /** English only: every text is its English one. */
    public static CustomerTexts english() {
        return new CustomerTexts(new Translations(Map.of()));
    }

    /**
     * The text in {@code language}, or {@code english} when it has no translation there (or the language is
     * not known).
     */
    public String say(Text text, String language, String english) {
        if (language == null) {
            return english;
        }
        return translations.texts().getOrDefault(language, Map.of()).getOrDefault(text.key(), english);
    }

    /** The locale dates and times are written in for a customer of {@code language}; English when unknown. */
    public static Locale locale(String language) {
        return language == null ? Locale.ENGLISH : Locale.forLanguageTag(language);
    }
}
