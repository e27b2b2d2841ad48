package io.switchboard.channel.generic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.webhook.WebhookSignatures;
import io.switchboard.delivery.ChannelSinks;
import io.switchboard.envelope.DeliveryRefusedException;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The {@code generic-sink} connector's Java: a reply is POSTed as JSON to the channel's
 * {@code outbound-url}, signed with its secret as inbound messages are (X-Switchboard-Timestamp,
 * X-Switchboard-Signature) and carrying the reply's id in {@code Idempotency-Key}, so a retried send is
 * recognisable. A 2xx is sent, the reply's id being the one receipts name; a 4xx other than 408 and 429 is a refusal the outbox does not retry; anything else is retried.
 * The JDK's HTTP client: one POST, no retries of its own (the outbox retries).
 */
@Component("genericSender")
public class GenericSender implements ChannelSinks {

    static final String KAMELET = "generic-sink";

    private final GenericChannels channels;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    GenericSender(GenericChannels channels, ObjectMapper json, Clock clock) {
        this.channels = channels;
        this.json = json;
        this.clock = clock;
    }

    /** Generic channels that can send (they have an outbound URL) go through {@code generic-sink}. */
    @Override
    public Optional<String> sink(String channel) {
        return channels.find(channel).filter(c -> c.outboundUrl() != null).map(c -> KAMELET);
    }

    public void send(Envelope reply, Exchange exchange) throws IOException, InterruptedException {
        GenericChannels.Channel channel = channels.find(reply.channel()).filter(c -> c.outboundUrl() != null)
                .orElseThrow(() -> new DeliveryRefusedException("no outbound URL for channel " + reply.channel()));
        if (reply.text() == null || reply.text().length() > channel.maxTextLength()) {
            throw new DeliveryRefusedException("the reply is longer than " + channel.maxTextLength()
                    + " characters, the most " + reply.channel() + " takes");
        }
        String id = exchange.getMessage().getHeader(EnvelopeHeaders.IDEMPOTENCY_KEY, reply.id(), String.class);
        var body = new LinkedHashMap<String, Object>();
        body.put("id", id);
        body.put("channel", reply.channel());
        body.put("to", reply.to());
        body.put("text", reply.text());
        body.put("conversationId", reply.conversationId());
        body.put("timestamp", reply.timestamp().toString());
        byte[] bytes = json.writeValueAsBytes(body);
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(channel.outboundUrl()).timeout(channel.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", id)
                .header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignatures.HEADER, WebhookSignatures.sign(channel.secret(), now, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            exchange.getMessage().setHeader(EnvelopeHeaders.PROVIDER_MESSAGE_ID, id);
            return;
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new DeliveryRefusedException(reply.channel() + " refused the reply (HTTP " + status + ")");
        }
        throw new IOException(reply.channel() + " answered HTTP " + status);
    }
}
