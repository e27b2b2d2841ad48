package io.switchboard.privacy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * How long each kind of personal data is kept, and how the purge runs.
 *
 * @param retention     per kind of data ({@code closed-conversations}, {@code message-text},
 *                      {@code transcripts}, {@code notes-and-drafts}, {@code mail-originals},
 *                      {@code audit-events}, {@code identity-links}): a duration ({@code 730d}) or
 *                      {@code forever}, which an operator writes explicitly
 * @param purgeInterval time between two purges (one member of the cluster runs each)
 * @param purgeBatch    items removed per statement
 * @param purgeBudget   a purge stops after this long and goes on at the next run
 * @param maskedInStorage categories of personal data masked in a customer's message before it is
 *                      stored (the trust layer's: {@code card}, {@code iban}, {@code id}, {@code email},
 *                      {@code phone}, and the labels of {@code switchboard.ai.mask-patterns}); empty: none
 */
@ConfigurationProperties("switchboard.privacy")
public record PrivacyProperties(Map<String, String> retention, @DefaultValue("1h") Duration purgeInterval,
                                @DefaultValue("500") int purgeBatch, @DefaultValue("2m") Duration purgeBudget,
                                @DefaultValue({"card", "iban", "id"}) List<String> maskedInStorage) {

    static final String FOREVER = "forever";

    public PrivacyProperties {
        retention = retention == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(retention));
        retention.forEach((kind, value) -> window(kind, value));
        maskedInStorage = maskedInStorage == null ? List.of() : List.copyOf(maskedInStorage);
        if (purgeBatch < 1) {
            throw new IllegalArgumentException("switchboard.privacy.purge-batch must be at least 1");
        }
    }

    /** The window of a kind of data; empty for {@code forever}. */
    Optional<Duration> window(String kind) {
        String value = retention.get(kind);
        if (value == null) {
            throw new IllegalStateException("switchboard.privacy.retention." + kind + " is not set: give a duration "
                    + "or 'forever'");
        }
        return window(kind, value);
    }

    private static Optional<Duration> window(String kind, String value) {
        if (FOREVER.equalsIgnoreCase(value.strip())) {
            return Optional.empty();
        }
        Duration window;
        try {
            window = DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.privacy.retention." + kind + "=" + value
                    + ": a duration such as 730d, or 'forever'");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("switchboard.privacy.retention." + kind + " must be positive");
        }
        return Optional.of(window);
    }
}
