package io.switchboard.channel.sms;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SMS settings.
 *
 * @param helpText        the answer to HELP
 * @param stopText        the answer to STOP; empty (default) leaves the confirmation to Twilio's
 *                        opt-out handling, which sends its own
 * @param startText       the answer to START; empty leaves it to Twilio
 * @param stopKeywords    messages that opt the number out (whole message, any case)
 * @param startKeywords   messages that opt it back in
 * @param helpKeywords    messages answered with the help text
 * @param rateLimit       messages one number may send per {@code ratePeriod}; more are refused with 429
 * @param ratePeriod      the window of the rate limit (refilled gradually)
 * @param maxSegments     segments one outgoing message may use; a longer reply is split into several
 *                        messages at word boundaries
 * @param smartEncoding   let Twilio replace look-alike Unicode (curly quotes, dashes) by GSM-7
 *                        characters, which keeps such messages at 160 characters a segment
 */
@ConfigurationProperties("switchboard.sms")
public record SmsProperties(
        @DefaultValue("Switchboard support: reply to this number to reach us. Reply STOP to opt out.") String helpText,
        @DefaultValue("") String stopText,
        @DefaultValue("") String startText,
        @DefaultValue({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}) List<String> stopKeywords,
        @DefaultValue({"START", "YES", "UNSTOP"}) List<String> startKeywords,
        @DefaultValue({"HELP", "INFO"}) List<String> helpKeywords,
        @DefaultValue("20") int rateLimit,
        @DefaultValue("1m") Duration ratePeriod,
        @DefaultValue("10") int maxSegments,
        @DefaultValue("true") boolean smartEncoding) {

    public SmsProperties {
        if (rateLimit < 1) {
            throw new IllegalArgumentException("switchboard.sms.rate-limit must be at least 1");
        }
        if (maxSegments < 1 || maxSegments > 10) {
            throw new IllegalArgumentException("switchboard.sms.max-segments must be between 1 and 10 (Twilio's limit)");
        }
        stopKeywords = List.copyOf(stopKeywords);
        startKeywords = List.copyOf(startKeywords);
        helpKeywords = List.copyOf(helpKeywords);
    }
}
