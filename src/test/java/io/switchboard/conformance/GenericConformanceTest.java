package io.switchboard.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.channel.webhook.WebhookSignatures;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;

/** The generic signed JSON channel passes the connector conformance suite. */
class GenericConformanceTest extends ConnectorConformance {

    static final String CHANNEL = "conformance-app";
    static final String SECRET = "conformance-secret-0123456789abcdefghij";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpServer platform;
    static ConfigurableApplicationContext gateway;
    static AgentApi api;
    static final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    static final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    static final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        platform = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        platform.createContext("/replies", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String to = body.path("to").asText();
            int tries = attempts.merge(to, 1, Integer::sum);
            Outcome outcome = outcomes.getOrDefault(to, Outcome.ACCEPT);
            int status = switch (outcome) {
                case ACCEPT -> 200;
                case FAIL_ONCE_THEN_ACCEPT -> tries == 1 ? 503 : 200;
                case REFUSE -> 422;
            };
            if (status == 200) {
                accepted.add(body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        platform.start();
        gateway = Gateways.start(
                "switchboard.generic.channels." + CHANNEL + ".secret=" + SECRET,
                "switchboard.generic.channels." + CHANNEL + ".outbound-url=http://127.0.0.1:"
                        + platform.getAddress().getPort() + "/replies",
                "switchboard.generic.channels." + CHANNEL + ".max-text-length=1000",
                "switchboard.delivery.outbox.initial-backoff=200ms", "switchboard.delivery.outbox.max-backoff=500ms");
        api = AgentApi.asAgent(Gateways.httpPort(gateway));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        platform.stop(0);
    }

    @Override
    protected String channel() {
        return CHANNEL;
    }

    @Override
    protected AgentApi api() {
        return api;
    }

    @Override
    protected String newSender() {
        return "user-" + UUID.randomUUID().toString().substring(0, 12);
    }

    @Override
    protected Delivery deliver(String providerId, String from, String text) {
        return post("", message(providerId, from, text), SECRET);
    }

    @Override
    protected Delivery deliverUnauthenticated(String providerId, String from, String text) {
        return post("", message(providerId, from, text), "a-secret-that-is-not-the-channels-own-0000");
    }

    @Override
    protected Delivery deliverMalformed(String from) {
        return post("", "{\"from\": \"" + from + "\", \"text\": ", SECRET);
    }

    @Override
    protected Delivery deliverOversize(String providerId, String from) {
        return post("", message(providerId, from, "x".repeat(1001)), SECRET);
    }

    @Override
    protected void providerWill(Outcome outcome, String to) {
        outcomes.put(to, outcome);
    }

    @Override
    protected List<String> acceptedFor(String to) {
        return accepted.stream().filter(b -> b.path("to").asText().equals(to)).map(b -> b.path("text").asText()).toList();
    }

    @Override
    protected int attemptsFor(String to) {
        return attempts.getOrDefault(to, 0);
    }

    @Override
    protected void report(String to, String text, Report report) {
        String id = accepted.stream().filter(b -> b.path("to").asText().equals(to) && b.path("text").asText().equals(text))
                .map(b -> b.path("id").asText()).findFirst().orElseThrow();
        String status = switch (report) {
            case SENT -> "sent";
            case DELIVERED -> "delivered";
            case FAILED -> "failed";
        };
        post("/receipts", "{\"id\":\"" + id + "\",\"status\":\"" + status + "\"}", SECRET);
    }

    private static String message(String id, String from, String text) {
        try {
            return JSON.writeValueAsString(Map.of("id", id, "from", from, "text", text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Delivery post(String suffix, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Gateways.httpPort(gateway)
                        + "/webhooks/generic/" + CHANNEL + suffix))
                .header("Content-Type", "application/json")
                .header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignatures.HEADER, WebhookSignatures.sign(secret, now, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return Delivery.http(status);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
