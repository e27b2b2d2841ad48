package io.switchboard.channel.twilio;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Twilio account and REST settings; each also from the environment
 * ({@code SWITCHBOARD_TWILIO_AUTH_TOKEN}, ...). Without an account SID, auth token and a sender
 * (From number or Messaging Service), SMS and voice stay switched off.
 *
 * @param apiBaseUrl          Twilio's REST base URL; another host (a test stub, a private gateway)
 *                            receives the same paths
 * @param accountSid          the account, {@code AC...}
 * @param authToken           signs REST calls and Twilio's webhooks; never logged
 * @param fromNumber          the sender number (E.164), when no Messaging Service is used
 * @param messagingServiceSid the Messaging Service ({@code MG...}) that picks the sender; wins over
 *                            {@code fromNumber}
 * @param connectTimeout      giving up on connecting to the REST API
 * @param readTimeout         giving up on an answer from the REST API (the outbox retries later)
 */
@ConfigurationProperties("switchboard.twilio")
public record TwilioProperties(
        @DefaultValue("https://api.twilio.com") URI apiBaseUrl,
        String accountSid,
        String authToken,
        String fromNumber,
        String messagingServiceSid,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout) {

    static final URI TWILIO = URI.create("https://api.twilio.com");

    public TwilioProperties {
        accountSid = blankToNull(accountSid);
        authToken = blankToNull(authToken);
        fromNumber = blankToNull(fromNumber);
        messagingServiceSid = blankToNull(messagingServiceSid);
        if (apiBaseUrl.getScheme() == null || apiBaseUrl.getHost() == null) {
            throw new IllegalArgumentException("switchboard.twilio.api-base-url must be an absolute http(s) URL");
        }
    }

    /** True when REST calls and webhook checks can work. */
    public boolean configured() {
        return accountSid != null && authToken != null && (fromNumber != null || messagingServiceSid != null);
    }

    /** What is missing, for the start-up message. */
    String missing() {
        var missing = new java.util.ArrayList<String>();
        if (accountSid == null) {
            missing.add("switchboard.twilio.account-sid");
        }
        if (authToken == null) {
            missing.add("switchboard.twilio.auth-token");
        }
        if (fromNumber == null && messagingServiceSid == null) {
            missing.add("switchboard.twilio.from-number or .messaging-service-sid");
        }
        return String.join(", ", missing);
    }

    @Override
    public String toString() {
        return "TwilioProperties[apiBaseUrl=" + apiBaseUrl + ", accountSid=" + accountSid + ", authToken="
                + (authToken == null ? "none" : "****") + ", fromNumber=" + fromNumber + ", messagingServiceSid="
                + messagingServiceSid + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
