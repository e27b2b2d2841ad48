package io.switchboard.customer;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings.
 *
 * @param defaultRegion       ISO region for phone numbers written without a country code
 * @param phoneChannels       channels whose addresses are phone numbers (normalised to E.164)
 * @param confirmationCodeTtl how long a one-time code for a claimed address stays valid
 * @param confirmationAttempts wrong codes allowed before a claim must be confirmed again
 * @param preloadWindow       profiles active within this window are loaded into memory at start;
 *                            older ones load when first needed
 */
@ConfigurationProperties("switchboard.customer")
public record CustomerProperties(
        @DefaultValue("US") String defaultRegion,
        @DefaultValue({"sms", "voice", "whatsapp"}) List<String> phoneChannels,
        @DefaultValue("15m") Duration confirmationCodeTtl,
        @DefaultValue("5") int confirmationAttempts,
        @DefaultValue("30d") Duration preloadWindow) {

    public CustomerProperties {
        if (phoneChannels.isEmpty()) {
            throw new IllegalArgumentException("switchboard.customer.phone-channels must name at least one channel");
        }
        if (confirmationAttempts < 1) {
            throw new IllegalArgumentException("switchboard.customer.confirmation-attempts must be at least 1");
        }
    }
}
