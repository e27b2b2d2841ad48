package io.switchboard.channel.whatsapp;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * WhatsApp settings, beside the Twilio account's ({@code switchboard.twilio.*}).
 *
 * @param fromNumber          the business's WhatsApp number (E.164), the sender of replies
 * @param messagingServiceSid a Messaging Service with WhatsApp senders, used instead of the number
 * @param window              WhatsApp's customer-service window: free text only this long after the
 *                            customer's last message
 * @param template            the approved template sent outside the window; none: outside it the
 *                            reply goes to the next channel the customer allows
 */
@ConfigurationProperties("switchboard.whatsapp")
public record WhatsAppProperties(String fromNumber, String messagingServiceSid,
                                 @DefaultValue("24h") Duration window, Template template) {

    public WhatsAppProperties {
        fromNumber = blank(fromNumber) ? null : fromNumber.strip();
        messagingServiceSid = blank(messagingServiceSid) ? null : messagingServiceSid.strip();
        if (template != null && blank(template.contentSid())) {
            template = null;
        }
    }

    /** Whether replies can go out on WhatsApp at all. */
    boolean configured() {
        return fromNumber != null || messagingServiceSid != null;
    }

    /**
     * An approved WhatsApp template (Twilio Content API).
     *
     * @param contentSid its Content SID ({@code HX...})
     * @param variables  its variables by number; {@code {text}} in a value stands for the reply's text
     */
    public record Template(String contentSid, @DefaultValue Map<String, String> variables) {

        public Template {
            variables = variables == null ? Map.of() : Map.copyOf(variables);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
