package io.switchboard.customer;

import java.time.Duration;
import io.switchboard.system.RateLimit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings.
 *
 * @param defaultRegion       ISO region for phone numbers written without a country code
 * @param phoneChannels       channels whose addresses are phone numbers (normalised to E.164), one
 *                            identity across them (see {@link PhoneIdentity})
 * @param confirmationCodeTtl how long a one-time code for a claimed address stays valid
 * @param confirmationAttempts wrong codes allowed before a claim must be confirmed again
 * @param preloadWindow       profiles active within this window are loaded into memory at start;
 *                            older ones load when first needed
 * @param smsCodeCountries    regions (ISO 3166 codes) whose phone numbers may get a one-time code;
 *                            empty: the default region's only
 * @param claims              how often addresses may be claimed, and when guessing locks an address
 * @param statedPreferences   per channel, the words customers use for it, so that "send me a ..." and
 *                            the like make it their preference (SMS and e-mail are built in; see
 *                            {@link StatedPreferences})
 * @param priorOptIn          per channel, the purposes a business-initiated message needs the
 *                            customer's consent for beforehand ({@code notifications}; {@code marketing}
 *                            always does); see {@link Consent}
 */
@ConfigurationProperties("switchboard.customer")
public record CustomerProperties(
        @DefaultValue("US") String defaultRegion,
        @DefaultValue({"sms", "voice"}) List<String> phoneChannels,
        @DefaultValue("15m") Duration confirmationCodeTtl,
        @DefaultValue("5") int confirmationAttempts,
        @DefaultValue("30d") Duration preloadWindow,
        @DefaultValue List<String> smsCodeCountries,
        @DefaultValue Claims claims,
        @DefaultValue Map<String, StatedPreference> statedPreferences,
        @DefaultValue Map<String, List<String>> priorOptIn) {

    /**
     * @param names   a regular expression of the words for the channel, lower case without accents
     *                (e.g. {@code (?:whats ?app|wa)}): fills the language's ways of asking
     * @param phrases regular expressions of the channel's own requests (e.g. {@code \bwhats ?app me\b})
     */
    public record StatedPreference(String names, @DefaultValue List<String> phrases) {

        public StatedPreference {
            phrases = List.copyOf(phrases);
        }
    }

    /**
     * @param perCustomer          claims one customer (a chat visitor) may make
     * @param perAddress           claims of one address, whoever makes them: at most this many codes go to it
     * @param failuresBeforeLock   wrong codes for one address, over all its claims, before it is locked
     * @param lockFor              how long a locked address gets no code and takes none
     */
    public record Claims(
            @DefaultValue("5/1h") RateLimit perCustomer,
            @DefaultValue("3/1h") RateLimit perAddress,
            @DefaultValue("5") int failuresBeforeLock,
            @DefaultValue("1h") Duration lockFor) {

        public Claims {
            if (failuresBeforeLock < 1) {
                throw new IllegalArgumentException("switchboard.customer.claims.failures-before-lock must be at least 1");
            }
        }
    }

    public CustomerProperties {
        statedPreferences = statedPreferences == null ? Map.of() : Map.copyOf(statedPreferences);
        priorOptIn = priorOptIn == null ? Map.of() : Map.copyOf(priorOptIn);
        priorOptIn.forEach((channel, purposes) -> purposes.stream()
                .filter(p -> !ConsentRecord.PURPOSES.contains(p) || ConsentRecord.SERVICE.equals(p)).findFirst()
                .ifPresent(p -> {
                    throw new IllegalArgumentException("switchboard.customer.prior-opt-in." + channel + ": '" + p
                            + "' is not notifications or marketing");
                }));
        if (phoneChannels.isEmpty()) {
            throw new IllegalArgumentException("switchboard.customer.phone-channels must name at least one channel");
        }
        if (confirmationAttempts < 1) {
            throw new IllegalArgumentException("switchboard.customer.confirmation-attempts must be at least 1");
        }
        smsCodeCountries = smsCodeCountries.isEmpty() ? List.of(defaultRegion.toUpperCase(Locale.ROOT))
                : smsCodeCountries.stream().map(c -> c.strip().toUpperCase(Locale.ROOT)).toList();
    }
}
