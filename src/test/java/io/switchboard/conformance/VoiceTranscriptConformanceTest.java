package io.switchboard.conformance;

import io.switchboard.channel.webhook.WebhookSignatures;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.TwilioWebhookClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Transcripts another system posts (voice-transcript-source) pass the conformance suite as a
 * source: signed with the timestamped HMAC, one segment per message, the call id and position as
 * the message's key. It carries no replies (the voice sink speaks into Twilio calls), so the
 * outbound cases are skipped.
 */
class VoiceTranscriptConformanceTest extends ConnectorConformance {

    static final String SECRET = "transcript-conformance-secret-of-32-bytes";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static ConfigurableApplicationContext gateway;
    static AgentApi api;

    @BeforeAll
    static void start() {
        gateway = Gateways.start("switchboard.webhooks.secret=" + SECRET);
        api = AgentApi.asAgent(Gateways.httpPort(gateway));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Override
    protected String channel() {
        return "voice";
    }

    @Override
    protected AgentApi api() {
        return api;
    }

    @Override
    protected String newSender() {
        return TwilioWebhookClient.freshNumber();
    }

    @Override
    protected boolean sendsReplies() {
        return false;
    }

    @Override
    protected Delivery deliver(String providerId, String from, String text) {
        return post(transcript(providerId, from, text), SECRET);
    }

    @Override
    protected Delivery deliverUnauthenticated(String providerId, String from, String text) {
        return post(transcript(providerId, from, text), "not-the-transcript-secret-of-32-bytes!");
    }

    @Override
    protected Delivery deliverMalformed(String from) {
        return post("{\"callId\": \"c1\", \"from\": \"" + from + "\", \"segments\": [{\"seq\": ", SECRET);
    }

    @Override
    protected Delivery deliverOversize(String providerId, String from) {
        return post(transcript(providerId, from, "x".repeat(70 * 1024)), SECRET);
    }

    @Override
    protected void providerWill(Outcome outcome, String to) {
        throw new UnsupportedOperationException("transcripts carry no replies");
    }

    @Override
    protected List<String> acceptedFor(String to) {
        throw new UnsupportedOperationException("transcripts carry no replies");
    }

    @Override
    protected int attemptsFor(String to) {
        throw new UnsupportedOperationException("transcripts carry no replies");
    }

    @Override
    protected void report(String to, String text, Report report) {
        throw new UnsupportedOperationException("transcripts carry no replies");
    }

    /** One finished call of one caller segment; the suite's message id is the call's id. */
    private static String transcript(String callId, String from, String text) {
        try {
            return JSON.writeValueAsString(Map.of("callId", callId, "from", from, "to", "+15005550006", "final", true,
                    "segments", List.of(Map.of("seq", 0, "speaker", "customer", "text", text))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Delivery post(String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Gateways.httpPort(gateway)
                        + "/webhooks/voice/transcripts"))
                .header("Content-Type", "application/json")
                .header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignatures.HEADER, WebhookSignatures.sign(secret, now, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try {
            return Delivery.http(HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
