package io.switchboard.channel.sms;

import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Body;
import io.switchboard.envelope.AttachmentRef;
import io.switchboard.envelope.Envelope;
import io.switchboard.channel.twilio.TwilioWebhooks;
import io.switchboard.channel.webhook.WebhookAnswer;
import io.switchboard.customer.Address;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.InvalidAddressException;
import io.switchboard.customer.Consent;
import io.switchboard.system.RateLimit;
import io.switchboard.system.RateLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Twilio's incoming-message webhook, used by the {@code sms-source} connector. In this order: the
 * signature (403 and nothing stored), the fields (400), compliance keywords (STOP, START, HELP:
 * handled here, never routed to anyone), the sender's rate limit (429), then the envelope, which the
 * connector hands to the pipeline before Twilio gets its empty TwiML answer.
 */
@Component("smsWebhook")
public class SmsWebhook {

    private static final Logger log = LoggerFactory.getLogger(SmsWebhook.class);
    private static final Pattern MESSAGE_SID = Pattern.compile("(SM|MM)[0-9a-fA-F]{32}");
    private static final Pattern KEYWORD_NOISE = Pattern.compile("[\\s.!?]+");

    /** TwiML's empty answer never changes: rendered once, not on every webhook. */
    private static final String EMPTY_ANSWER = new MessagingResponse.Builder().build().toXml();

    private final TwilioWebhooks webhooks;
    private final CustomerDirectory customers;
    private final Consent consent;
    private final RateLimits rateLimits;
    private final SmsProperties properties;
    private final Clock clock;
    private final Messaging messaging;

    /**
     * A Twilio messaging channel this webhook serves: SMS, or another whose addresses Twilio writes
     * with a prefix ({@code whatsapp:+14155550123}).
     *
     * @param channel the channel's id
     * @param prefix  what Twilio puts before the number in From and To; empty for SMS
     * @param label   how logs name it
     */
    public record Messaging(String channel, String prefix, String label) {
        static final Messaging SMS = new Messaging(SmsChannel.ID, "", "SMS");
    }

    @Autowired
    SmsWebhook(TwilioWebhooks webhooks, CustomerDirectory customers, Consent consent, RateLimits rateLimits,
               SmsProperties properties, Clock clock) {
        this(webhooks, customers, consent, rateLimits, properties, clock, Messaging.SMS);
    }

    /** The webhook of another Twilio messaging channel, with SMS's keywords and rate limit. */
    public SmsWebhook(TwilioWebhooks webhooks, CustomerDirectory customers, Consent consent, RateLimits rateLimits,
                      SmsProperties properties, Clock clock, Messaging messaging) {
        this.messaging = messaging;
        this.webhooks = webhooks;
        this.customers = customers;
        this.consent = consent;
        this.rateLimits = rateLimits;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Leaves an envelope as the body when the message is to be recorded; otherwise answers the
     * request itself and stops the route.
     */
    public void receive(Exchange exchange) {
        Map<String, String> form = webhooks.admit(exchange, messaging.label()).orElse(null);
        if (form == null) {
            return;
        }
        String sid = form.get("MessageSid");
        if (sid == null || !MESSAGE_SID.matcher(sid).matches() || form.get("From") == null
                || !form.get("From").startsWith(messaging.prefix())) {
            log.warn("{} webhook refused: MessageSid or From missing or malformed", messaging.label());
            WebhookAnswer.stop(exchange, 400, "text/plain", "MessageSid and From are required");
            return;
        }
        Address from;
        try {
            from = customers.addresses().normalize(messaging.channel(), unprefixed(form.get("From")));
        } catch (InvalidAddressException e) {
            log.warn("{} {} refused: the sender is not a phone number ({})", messaging.label(), sid, e.getMessage());
            WebhookAnswer.stop(exchange, 400, "text/plain", "From is not a phone number");
            return;
        }
        String text = form.getOrDefault("Body", "");
        if (keyword(exchange, sid, from, text, form.get("OptOutType"))) {
            return;
        }
        var wait = rateLimits.take(messaging.channel() + "-per-sender",
                new RateLimit(properties.rateLimit(), properties.ratePeriod()), from.toString(),
                messaging.label() + " sender " + from.masked());
        if (wait.isPresent()) {
            exchange.getMessage().setHeader("Retry-After", Math.max(1, wait.get().toSeconds()));
            WebhookAnswer.stop(exchange, 429, "text/plain", "too many messages from this number");
            return;
        }
        exchange.getMessage().setBody(envelope(sid, from, form, text));
    }

    /** The pipeline recorded the message: Twilio gets an empty answer (no automatic reply). */
    public void accepted(Exchange exchange) {
        WebhookAnswer.set(exchange, 200, "application/xml", EMPTY_ANSWER);
    }

    private boolean keyword(Exchange exchange, String sid, Address from, String text, String optOutType) {
        String word = KEYWORD_NOISE.matcher(text).replaceAll("").toUpperCase(Locale.ROOT);
        String type = optOutType != null ? optOutType.toUpperCase(Locale.ROOT)
                : properties.stopKeywords().contains(word) ? "STOP"
                : properties.startKeywords().contains(word) ? "START"
                : properties.helpKeywords().contains(word) ? "HELP" : null;
        if (type == null) {
            return false;
        }
        String reply = switch (type) {
            case "STOP" -> {
                consent.optOut(from, messaging.channel() + " keyword", word.isEmpty() ? type : word);
                yield properties.stopText();
            }
            case "START" -> {
                consent.optIn(from, messaging.channel() + " keyword", word.isEmpty() ? type : word);
                yield properties.startText();
            }
            case "HELP" -> properties.helpText();
            default -> null;
        };
        if (reply == null) {
            return false;
        }
        log.info("{} {} from {} is the {} keyword", messaging.label(), sid, from.masked(), type);
        var twiml = new MessagingResponse.Builder();
        if (!reply.isBlank()) {
            twiml.message(new com.twilio.twiml.messaging.Message.Builder().body(new Body.Builder(reply).build()).build());
        }
        WebhookAnswer.stop(exchange, 200, "application/xml", twiml.build().toXml());
        return true;
    }

    private Envelope envelope(String sid, Address from, Map<String, String> form, String text) {
        var attachments = new ArrayList<AttachmentRef>();
        int media = parseCount(form.get("NumMedia"));
        for (int i = 0; i < media; i++) {
            String url = form.get("MediaUrl" + i);
            if (url != null) {
                attachments.add(new AttachmentRef("media-" + i, form.get("MediaContentType" + i), -1, url));
            }
        }
        var metadata = new HashMap<String, String>();
        if (form.get("NumSegments") != null) {
            metadata.put("segments", form.get("NumSegments"));
        }
        return Envelope.inbound(messaging.channel(), sid, from.value(), unprefixed(form.get("To")), text,
                clock.instant())
                .withAttachments(List.copyOf(attachments))
                .withMetadata(metadata);
    }

    private String unprefixed(String address) {
        return address != null && address.startsWith(messaging.prefix()) ? address.substring(messaging.prefix().length())
                : address;
    }

    private static int parseCount(String value) {
        try {
            return value == null ? 0 : Math.max(0, Math.min(10, Integer.parseInt(value.strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
