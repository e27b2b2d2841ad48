package io.switchboard.channel.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.channel.webhook.WebhookSignatures;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioWebhookClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Transcripts posted by other systems become turns of the caller's conversation, once. */
class VoiceTranscriptTest extends TwilioGatewayTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void segmentsBecomeTurnsAndReplaysAddNothing() throws Exception {
        String caller = TwilioWebhookClient.freshNumber();
        String callId = "CA" + UUID.randomUUID().toString().replace("-", "");
        String body = transcript(callId, caller, false, segment(0, "agent", "Thanks for calling Acme, this is Sam."),
                segment(1, "customer", "My router keeps dropping the connection."),
                segment(2, "agent", "Let me check your line."),
                segment(3, "customer", "Thanks."));
        var first = post(body, signed(body));
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).contains("\"recorded\":4").contains("\"duplicates\":0");

        String conversation = agent().currentConversationOf("voice:" + caller);
        JsonNode turns = agent().get("/api/v1/conversations/" + conversation).json().path("turns");
        assertThat(turns.findValuesAsText("text")).containsExactly("My router keeps dropping the connection.",
                "Thanks for calling Acme, this is Sam.", "Let me check your line.", "Thanks.");
        assertThat(turns.get(0).path("author").asText()).isEqualTo("customer");
        assertThat(turns.get(0).path("channel").asText()).isEqualTo("voice");
        assertThat(turns.get(1).path("author").asText()).isEqualTo("agent");
        assertThat(turns.get(1).path("authorName").asText()).isEqualTo("agent");
        assertThat(turns.get(1).path("delivery").path("status").asText()).isEqualTo("delivered");

        var replay = post(body, signed(body));
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(replay.body()).contains("\"recorded\":0").contains("\"duplicates\":4");

        String more = transcript(callId, caller, true, segment(3, "customer", "Thanks."),
                segment(4, "customer", "It works again!"));
        assertThat(post(more, signed(more)).body())
                .contains("\"recorded\":1").contains("\"duplicates\":1");
        assertThat(agent().get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(5);
    }

    @Test
    void unsignedForgedAndMalformedTranscriptsAreRefused() throws Exception {
        String caller = TwilioWebhookClient.freshNumber();
        String body = transcript("call-1", caller, true, segment(0, "customer", "hello"));
        assertThat(post(body, null).statusCode()).isEqualTo(403);
        assertThat(post(body, new Signature(now(), WebhookSignatures.sign("another-secret-of-at-least-32-bytes!", now(),
                bytes(body)))).statusCode()).isEqualTo(403);
        assertThat(post(body.replace("hello", "hellO"), signed(body))
                .statusCode()).isEqualTo(403);
        long earlier = now() - 301;
        assertThat(post(body, new Signature(earlier, WebhookSignatures.sign(TRANSCRIPT_SECRET, earlier, bytes(body))))
                .statusCode()).as("a captured request replayed after the tolerance").isEqualTo(403);
        assertThat(post(body, new Signature(now(), WebhookSignatures.sign(TRANSCRIPT_SECRET, earlier, bytes(body))))
                .statusCode()).as("a fresh timestamp on an old signature").isEqualTo(403);
        assertThat(post(body, new Signature(null, WebhookSignatures.sign(TRANSCRIPT_SECRET, now(), bytes(body))))
                .statusCode()).as("no timestamp").isEqualTo(403);

        for (String bad : List.of("{not json", "{\"from\": \"" + caller + "\", \"segments\": []}",
                transcript("call-2", "nobody", true, segment(0, "customer", "hi")),
                transcript("call-3", caller, true, segment(0, "customer", " ")),
                transcript("call 4", caller, true, segment(0, "customer", "hi")))) {
            var response = post(bad, signed(bad));
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.body()).contains("error");
        }
        var segments = new ArrayList<String>();
        for (int i = 0; i < 400; i++) {
            segments.add(segment(i, "customer", "x".repeat(300)));
        }
        String huge = transcript("call-5", caller, true, segments.toArray(String[]::new));
        assertThat(post(huge, signed(huge)).statusCode()).isEqualTo(413);
        assertThat(agent().get("/api/v1/customers?address=voice:%2B" + caller.substring(1)).status()).isEqualTo(404);
    }

    /** The two headers a sender sets; either may be left out. */
    private record Signature(Long timestamp, String value) {
    }

    private static Signature signed(String body) {
        return new Signature(now(), WebhookSignatures.sign(TRANSCRIPT_SECRET, now(), bytes(body)));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private HttpResponse<String> post(String body, Signature signature) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/voice/transcripts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null && signature.timestamp() != null) {
            request.header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(signature.timestamp()));
        }
        if (signature != null && signature.value() != null) {
            request.header(WebhookSignatures.HEADER, signature.value());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String transcript(String callId, String from, boolean finished, String... segments) {
        return "{\"callId\": \"%s\", \"from\": \"%s\", \"to\": \"+15005550006\", \"final\": %s, \"segments\": [%s]}"
                .formatted(callId, from, finished, String.join(", ", segments));
    }

    private static String segment(int seq, String speaker, String text) {
        return "{\"seq\": %d, \"speaker\": \"%s\", \"text\": \"%s\"}".formatted(seq, speaker, text);
    }
}
