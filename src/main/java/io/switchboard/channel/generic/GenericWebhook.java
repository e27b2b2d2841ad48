package io.switchboard.channel.generic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.webhook.WebhookAnswer;
import io.switchboard.channel.webhook.WebhookRequest;
import io.switchboard.channel.webhook.WebhookSignatures;
import io.switchboard.customer.Address;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.InvalidAddressException;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Receipt;
import io.switchboard.system.RateLimits;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code generic-source} connector's Java: {@code POST /webhooks/generic/{channel}} with a JSON
 * message, and (route {@code generic-receipts}) {@code POST /webhooks/generic/{channel}/receipts} with
 * what became of a reply. In this order: the channel (404 when none is configured by that name), the signature with the channel's
 * secret over the timestamp and the body (403, nothing stored), the fields (400, with the reason), the
 * sender's rate limit (429 with Retry-After).
 * A message is answered once the pipeline recorded it: 200 {@code {"status":"recorded"}}, or
 * {@code "duplicate"} for an id it had recorded already.
 */
@Component("genericWebhook")
public class GenericWebhook {

    private static final Logger log = LoggerFactory.getLogger(GenericWebhook.class);
    /** The path parameter platform-http sets. */
    static final String CHANNEL = "channel";

    private final GenericChannels channels;
    private final CustomerDirectory customers;
    private final ObjectMapper json;
    private final ProducerTemplate receipts;
    private final RateLimits rateLimits;
    private final Clock clock;

    GenericWebhook(GenericChannels channels, CustomerDirectory customers, ObjectMapper json, ProducerTemplate receipts,
                   RateLimits rateLimits, Clock clock) {
        this.channels = channels;
        this.rateLimits = rateLimits;
        this.customers = customers;
        this.json = json;
        this.receipts = receipts;
        this.clock = clock;
    }

    /**
     * A message from the channel's users.
     *
     * @param id        the platform's id of the message: the same message sent twice carries the same id
     * @param from      the user's id on the platform
     * @param text      what they wrote
     * @param name      their name, when the platform knows it
     * @param timestamp when they wrote it; now when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(String id, String from, String text, String name, Instant timestamp) {
    }

    /**
     * What became of a reply.
     *
     * @param id     the reply's id as the gateway sent it
     * @param status {@code sent} (taken by the platform), {@code delivered}, {@code read} or {@code failed}
     * @param reason why it failed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String id, String status, String reason) {
    }

    /** Leaves the message's envelope as the body, or answers and stops the route. */
    public void receive(Exchange exchange) {
        String name = exchange.getMessage().getHeader(CHANNEL, String.class);
        GenericChannels.Channel channel = admit(exchange, name);
        if (channel == null) {
            return;
        }
        Message message;
        try {
            message = json.readValue(WebhookRequest.of(exchange).body(), Message.class);
        } catch (IOException e) {
            refuse(exchange, name, 400, "the body is not a JSON message");
            return;
        }
        String problem = problem(message, channel);
        if (problem != null) {
            refuse(exchange, name, 400, problem);
            return;
        }
        Address from;
        try {
            from = customers.addresses().normalize(name, message.from());
        } catch (InvalidAddressException e) {
            refuse(exchange, name, 400, "from is not a usable user id");
            return;
        }
        var wait = rateLimits.take("generic-per-sender", channel.perSender(), from.toString(),
                name + " sender " + from.masked());
        if (wait.isPresent()) {
            exchange.getMessage().setHeader("Retry-After", Math.max(1, wait.get().toSeconds()));
            answer(exchange, 429, Map.of("error", "too many messages from this sender"));
            exchange.setRouteStop(true);
            return;
        }
        Envelope envelope = Envelope.inbound(name, message.id(), from.value(), null, message.text(),
                message.timestamp() != null ? message.timestamp() : clock.instant());
        if (message.name() != null && !message.name().isBlank()) {
            envelope = envelope.withMetadata(Map.of("fromName", truncate(message.name().strip(), 200)));
        }
        exchange.getMessage().setBody(envelope);
    }

    /** The answer once the pipeline took the message. */
    public void accepted(Exchange exchange) {
        boolean duplicate = exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class);
        answer(exchange, 200, Map.of("status", duplicate ? "duplicate" : "recorded"));
    }

    /** A receipt for a reply: onto its turn, through the one receipt entry point. */
    public void receipt(Exchange exchange) {
        String name = exchange.getMessage().getHeader(CHANNEL, String.class);
        if (admit(exchange, name) == null) {
            return;
        }
        Status status;
        try {
            status = json.readValue(WebhookRequest.of(exchange).body(), Status.class);
        } catch (IOException e) {
            refuse(exchange, name, 400, "the body is not a JSON receipt");
            return;
        }
        Receipt.Status outcome = status.status() == null ? null : switch (status.status().toLowerCase(Locale.ROOT)) {
            case "sent" -> Receipt.Status.SENT;
            case "delivered", "read" -> Receipt.Status.DELIVERED;
            case "failed" -> Receipt.Status.FAILED;
            default -> null;
        };
        if (status.id() == null || status.id().isBlank() || outcome == null) {
            refuse(exchange, name, 400, "id and status (sent, delivered, read or failed) are required");
            return;
        }
        String reason = outcome == Receipt.Status.FAILED ? "failed on " + name
                + (status.reason() == null ? "" : ": " + truncate(status.reason(), 200)) : status.status();
        Boolean known = receipts.requestBody(EnvelopeHeaders.RECEIPTS,
                Receipt.forProviderId(name, status.id(), outcome, reason), Boolean.class);
        answer(exchange, Boolean.TRUE.equals(known) ? 200 : 404,
                Map.of("status", Boolean.TRUE.equals(known) ? "recorded" : "unknown reply"));
        exchange.setRouteStop(true);
    }

    /** The channel when it exists and the request is signed with its secret; else answered and null. */
    private GenericChannels.Channel admit(Exchange exchange, String name) {
        GenericChannels.Channel channel = channels.find(name).orElse(null);
        if (channel == null) {
            answer(exchange, 404, Map.of("error", "no such channel"));
            exchange.setRouteStop(true);
            return null;
        }
        WebhookRequest request = WebhookRequest.of(exchange);
        var verdict = WebhookSignatures.verify(channel.secret(),
                request.header(WebhookSignatures.TIMESTAMP_HEADER).orElse(null), request.body(),
                request.header(WebhookSignatures.HEADER).orElse(null), clock.instant(), channel.tolerance());
        if (verdict != WebhookSignatures.Verdict.VALID) {
            log.warn("{} webhook refused: {}", name, verdict.reason());
            answer(exchange, 403, Map.of("error", "X-Switchboard-Signature does not verify: " + verdict.reason()));
            exchange.setRouteStop(true);
            return null;
        }
        return channel;
    }

    private static String problem(Message message, GenericChannels.Channel channel) {
        if (message.id() == null || message.id().isBlank() || message.id().length() > 200) {
            return "id is required (at most 200 characters)";
        }
        if (message.from() == null || message.from().isBlank() || message.from().length() > 200) {
            return "from is required (at most 200 characters)";
        }
        if (message.text() == null || message.text().isBlank()) {
            return "text is required";
        }
        if (message.text().length() > channel.maxTextLength()) {
            return "text is longer than " + channel.maxTextLength() + " characters";
        }
        return null;
    }

    private void refuse(Exchange exchange, String channel, int status, String reason) {
        log.warn("{} message refused: {}", channel, reason);
        answer(exchange, status, Map.of("error", reason));
        exchange.setRouteStop(true);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private void answer(Exchange exchange, int status, Map<String, Object> body) {
        try {
            WebhookAnswer.set(exchange, status, "application/json", json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
