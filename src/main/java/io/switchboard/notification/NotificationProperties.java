package io.switchboard.notification;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notification templates and when they may go out.
 *
 * @param templates       per template id, per channel ({@code default} for any), per language: the text,
 *                        with {@code {{name}}} where a variable goes
 * @param defaultLanguage the language asked for when a request names none, and tried after the one asked
 * @param quietStart      quiet hours begin at this time of the customer's day ...
 * @param quietEnd        ... and end at this one; a notification due meanwhile waits until then
 * @param defaultZone     the customer's time zone when their phone number does not tell
 * @param releaseInterval how often one member sends the notifications that have become due
 * @param bulkPerSecond   a batch's notifications sent per second on each channel ({@code default}: the rest)
 * @param batchInterval   how often one member sends a batch's next items (the per-second pace holds per run)
 * @param providerTemplates per template id, per channel and language: the provider's approved template
 *                        it goes as where free text may not start a conversation (WhatsApp outside its
 *                        window); without one, such a channel does not carry the notification
 */
@ConfigurationProperties("switchboard.notifications")
public record NotificationProperties(@DefaultValue Map<String, Map<String, Map<String, String>>> templates,
                                     @DefaultValue("en") String defaultLanguage,
                                     @DefaultValue("21:00") LocalTime quietStart,
                                     @DefaultValue("08:00") LocalTime quietEnd,
                                     @DefaultValue("UTC") ZoneId defaultZone,
                                     @DefaultValue("30s") Duration releaseInterval,
                                     @DefaultValue Map<String, Integer> bulkPerSecond,
                                     @DefaultValue("1s") Duration batchInterval,
                                     @DefaultValue Map<String, Map<String, Map<String, ProviderTemplate>>>
                                             providerTemplates) {

    /**
     * A provider's approved template.
     *
     * @param id        the provider's id of it (a WhatsApp template's Content SID, {@code HX...})
     * @param variables its variables ({@code "1"}, {@code "2"}, ...), each a text with {@code {{name}}}
     *                  places filled from the notification's variables
     */
    public record ProviderTemplate(String id, @DefaultValue Map<String, String> variables) {
        public ProviderTemplate {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a provider template needs its id");
            }
            variables = variables == null ? Map.of() : Map.copyOf(variables);
        }
    }

    static final String ANY_CHANNEL = "default";

    public NotificationProperties {
        templates = templates == null ? Map.of() : Map.copyOf(templates);
        bulkPerSecond = bulkPerSecond == null ? Map.of() : Map.copyOf(bulkPerSecond);
        providerTemplates = providerTemplates == null ? Map.of() : Map.copyOf(providerTemplates);
    }

    /** The provider's template of the notification template on the channel, in the language or the default one. */
    Optional<ProviderTemplate> providerTemplate(String id, String channel, String language) {
        var byLanguage = providerTemplates.getOrDefault(id, Map.of()).get(channel);
        if (byLanguage == null) {
            return Optional.empty();
        }
        for (String l : new String[] {language, defaultLanguage}) {
            if (l != null && byLanguage.get(l) != null) {
                return Optional.of(byLanguage.get(l));
            }
        }
        return Optional.empty();
    }

    /** The template's text for the channel and language, falling back to any channel and the default language. */
    Optional<String> template(String id, String channel, String language) {
        var byChannel = templates.get(id);
        if (byChannel == null) {
            return Optional.empty();
        }
        for (String c : new String[] {channel, ANY_CHANNEL}) {
            var byLanguage = byChannel.get(c);
            if (byLanguage != null) {
                for (String l : new String[] {language, defaultLanguage}) {
                    if (l != null && byLanguage.get(l) != null) {
                        return Optional.of(byLanguage.get(l));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
