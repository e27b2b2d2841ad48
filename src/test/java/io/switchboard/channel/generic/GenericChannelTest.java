package io.switchboard.channel.generic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.channel.webhook.WebhookSignatures;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.Inbound;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The generic signed JSON channel, configured by name only ({@code acme-app}), over real HTTP both
 * ways: the platform's signed webhooks in, the gateway's signed replies out to a stand-in of the
 * platform that checks the signature as a platform would.
 */
class GenericChannelTest {

    static final String CHANNEL = "acme-app";
    static final String SECRET = "acme-app-shared-secret-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpServer platform;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    /** Statuses the stand-in answers, one per request, then 200. */
    static final List<Integer> answers = new CopyOnWriteArrayList<>();
    static final AtomicInteger requests = new AtomicInteger();
    static ConfigurableApplicationContext gateway;
    static AgentApi api;
    static int port;

    record Received(JsonNode body, String verdict, String idempotencyKey) {
    }

    @BeforeAll
    static void start() throws Exception {
        platform = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        platform.createContext("/replies", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var verdict = WebhookSignatures.verify(SECRET,
                    exchange.getRequestHeaders().getFirst(WebhookSignatures.TIMESTAMP_HEADER), body,
                    exchange.getRequestHeaders().getFirst(WebhookSignatures.HEADER), Instant.now(), Duration.ofMinutes(5));
            requests.incrementAndGet();
            int status = answers.isEmpty() ? 200 : answers.remove(0);
            if (status == 200) {
                received.add(new Received(JSON.readTree(body), verdict.name(),
                        exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        platform.start();
        gateway = Gateways.start(
                "switchboard.generic.channels." + CHANNEL + ".secret=" + SECRET,
                "switchboard.generic.channels." + CHANNEL + ".outbound-url=http://127.0.0.1:"
                        + platform.getAddress().getPort() + "/replies",
                "switchboard.generic.channels." + CHANNEL + ".max-text-length=500",
                "switchboard.generic.channels." + CHANNEL + ".per-sender=5/1h",
                "switchboard.delivery.outbox.initial-backoff=200ms", "switchboard.delivery.outbox.max-backoff=500ms");
        port = Gateways.httpPort(gateway);
        api = AgentApi.asAgent(port);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        platform.stop(0);
    }

    @Test
    void aSignedMessageIsATurnOnItsChannelAndTheSameIdSentAgainIsRecordedOnce() throws Exception {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "m-" + UUID.randomUUID();
        String message = message(id, user, "Hello from the app 👋 — ¿qué tal?");
        var first = post(CHANNEL, message, SECRET, Instant.now());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("status").asText()).isEqualTo("recorded");
        var again = post(CHANNEL, message, SECRET, Instant.now());
        assertThat(JSON.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");

        JsonNode turns = api.get("/api/v1/conversations/" + conversationOf(CHANNEL + ":" + user)).json().path("turns");
        assertThat(turns.size()).isEqualTo(1);
        assertThat(turns.get(0).path("channel").asText()).isEqualTo(CHANNEL);
        assertThat(turns.get(0).path("text").asText()).isEqualTo("Hello from the app 👋 — ¿qué tal?");
    }

    @Test
    void unsignedStaleMisdirectedOrMalformedMessagesAreRefusedWithTheirReasonAndStoreNothing() throws Exception {
        String user = "intruder-" + UUID.randomUUID().toString().substring(0, 8);
        String message = message("m-" + UUID.randomUUID(), user, "let me in");
        assertThat(post(CHANNEL, message, null, Instant.now()).statusCode()).as("unsigned").isEqualTo(403);
        assertThat(post(CHANNEL, message, "another-secret-of-the-same-length-0000", Instant.now()).statusCode())
                .as("another key").isEqualTo(403);
        assertThat(post(CHANNEL, message, SECRET, Instant.now().minus(Duration.ofMinutes(10))).statusCode())
                .as("replayed later").isEqualTo(403);
        assertThat(post("no-such-app", message, SECRET, Instant.now()).statusCode()).as("unknown channel").isEqualTo(404);
        var malformed = post(CHANNEL, "{\"id\": 1, \"from\":", SECRET, Instant.now());
        assertThat(malformed.statusCode()).isEqualTo(400);
        var noText = post(CHANNEL, "{\"id\":\"x1\",\"from\":\"" + user + "\"}", SECRET, Instant.now());
        assertThat(noText.statusCode()).isEqualTo(400);
        assertThat(noText.body()).contains("text is required");
        var tooLong = post(CHANNEL, message("m-long", user, "x".repeat(501)), SECRET, Instant.now());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("longer than 500");
        assertThat(api.get("/api/v1/customers?address=" + CHANNEL + ":" + user).status()).isEqualTo(404);
    }

    @Test
    void aSenderOverTheRateLimitIsAskedToWaitAndTheExcessIsNotStored() throws Exception {
        String user = "chatty-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            assertThat(post(CHANNEL, message("m-" + UUID.randomUUID(), user, "message " + i), SECRET, Instant.now())
                    .statusCode()).isEqualTo(200);
        }
        var refused = post(CHANNEL, message("m-" + UUID.randomUUID(), user, "one too many"), SECRET, Instant.now());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        JsonNode turns = api.get("/api/v1/conversations/" + conversationOf(CHANNEL + ":" + user)).json().path("turns");
        assertThat(turns).extracting(t -> t.path("text").asText()).doesNotContain("one too many").hasSize(5);
        assertThat(post(CHANNEL, message("m-" + UUID.randomUUID(), "someone-else-" + user, "hi"), SECRET,
                Instant.now()).statusCode()).as("another sender is not held up").isEqualTo(200);
    }

    @Test
    void aCustomerWhoEmailedAndIsLinkedToTheirAppIdIsOneConversationAndTheReplyGoesBackSigned() throws Exception {
        String email = "nia-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String conversation = new Inbound(gateway.getBean(ProducerTemplate.class))
                .record("email", "<first-" + email + ">", email, "My order 7781 is late.");
        String customer = api.get("/api/v1/customers?address=email:" + email).json().path("customer").path("id").asText();
        String user = "nia-app-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(api.post("/api/v1/customers/" + customer + "/addresses",
                AgentApi.json("address", CHANNEL + ":" + user, "evidence", "signed in to the app as her")).status())
                .isEqualTo(201);

        assertThat(post(CHANNEL, message("m-" + UUID.randomUUID(), user, "Any news on 7781?"), SECRET, Instant.now())
                .statusCode()).isEqualTo(200);
        JsonNode turns = api.get("/api/v1/conversations/" + conversation).json().path("turns");
        assertThat(turns).filteredOn(t -> t.path("direction").asText().equalsIgnoreCase("inbound"))
                .extracting(t -> t.path("channel").asText()).containsExactly("email", CHANNEL);

        var reply = api.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "It ships tomorrow, Nia."));
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("channel").asText()).as("her last channel").isEqualTo(CHANNEL);
        Received sent = await().atMost(Duration.ofSeconds(20)).until(() -> received.stream()
                .filter(r -> r.body().path("to").asText().equals(user)).findFirst().orElse(null), r -> r != null);
        assertThat(sent.verdict()).as("signed with the channel's secret").isEqualTo("VALID");
        assertThat(sent.body().path("text").asText()).isEqualTo("It ships tomorrow, Nia.");
        assertThat(sent.body().path("conversationId").asText()).isEqualTo(conversation);
        assertThat(sent.idempotencyKey()).isEqualTo(sent.body().path("id").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveryOf(conversation, "It ships tomorrow, Nia.").equals("sent"));

        var receipt = signed(URI.create(base() + "/webhooks/generic/" + CHANNEL + "/receipts"),
                "{\"id\":\"" + sent.body().path("id").asText() + "\",\"status\":\"delivered\"}", SECRET, Instant.now());
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        assertThat(deliveryOf(conversation, "It ships tomorrow, Nia.")).isEqualTo("delivered");
    }

    @Test
    void aRefusedReplyIsNotRetriedAndOneThatFailedForAMomentIsSentOnce() throws Exception {
        String user = "ola-" + UUID.randomUUID().toString().substring(0, 8);
        post(CHANNEL, message("m-" + UUID.randomUUID(), user, "Hi"), SECRET, Instant.now());
        String conversation = conversationOf(CHANNEL + ":" + user);

        int before = requests.get();
        answers.add(400);
        api.post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", "Refused, for good."));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveryOf(conversation, "Refused, for good.").equals("failed"));
        // a 400 is not tried again, though the outbox retries within 500 ms here
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> requests.get() - before == 1);

        answers.add(503);
        answers.add(503);
        api.post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", "Through at last."));
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveryOf(conversation, "Through at last.").equals("sent"));
        assertThat(received.stream().filter(r -> r.body().path("text").asText().equals("Through at last.")).count())
                .as("sent once, after two 503s").isEqualTo(1);
    }

    /** The delivery status of the turn with {@code text}. */
    private static String deliveryOf(String conversation, String text) {
        for (JsonNode turn : api.get("/api/v1/conversations/" + conversation).json().path("turns")) {
            if (turn.path("text").asText().equals(text)) {
                return turn.path("delivery").path("status").asText();
            }
        }
        return "";
    }

    private static String conversationOf(String address) {
        var found = api.get("/api/v1/customers?address=" + address);
        return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
    }

    private static String message(String id, String from, String text) throws Exception {
        return JSON.writeValueAsString(Map.of("id", id, "from", from, "text", text));
    }

    private static String base() {
        return "http://127.0.0.1:" + port;
    }

    private static HttpResponse<String> post(String channel, String body, String secret, Instant at) throws Exception {
        return signed(URI.create(base() + "/webhooks/generic/" + channel), body, secret, at);
    }

    private static HttpResponse<String> signed(URI uri, String body, String secret, Instant at) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
        if (secret != null) {
            request.header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()))
                    .header(WebhookSignatures.HEADER, WebhookSignatures.sign(secret, at.getEpochSecond(), bytes));
        }
        return HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
