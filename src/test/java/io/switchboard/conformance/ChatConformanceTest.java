package io.switchboard.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.Gateways;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web chat passes the conformance suite over its real socket ({@code /chat/ws}): a sender is a
 * visitor who said hello and got their id, a refusal is the socket's error frame. Its sends cannot
 * fail or be refused (a reply is published to whichever instance holds the socket and waits in the
 * history for a visitor who left), and the gateway itself reports a pushed reply delivered, so the
 * provider-failure and provider-receipt cases are skipped.
 */
class ChatConformanceTest extends ConnectorConformance {

    static ConfigurableApplicationContext gateway;
    static AgentApi api;
    static final Map<String, ChatClient> visitors = new ConcurrentHashMap<>();
    static long maxMessageBytes;

    @BeforeAll
    static void start() {
        gateway = Gateways.start("switchboard.chat.limits.messages-per-network=1000/1m",
                "switchboard.chat.limits.new-visitors-per-network=1000/1h");
        api = AgentApi.asAgent(Gateways.httpPort(gateway));
    }

    @AfterAll
    static void stop() {
        visitors.values().forEach(ChatClient::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    @Override
    protected String channel() {
        return "chat";
    }

    @Override
    protected AgentApi api() {
        return api;
    }

    @Override
    protected String newSender() {
        ChatClient client = ChatClient.connect(Gateways.httpPort(gateway));
        JsonNode welcome = client.hello(null);
        maxMessageBytes = welcome.path("maxMessageBytes").asLong();
        visitors.put(welcome.path("visitor").asText(), client);
        return welcome.path("visitor").asText();
    }

    @Override
    protected boolean sendsCanFail() {
        return false;
    }

    @Override
    protected java.util.Set<Report> receipts() {
        return java.util.Set.of();
    }

    @Override
    protected Delivery deliver(String providerId, String from, String text) {
        return answer(visitors.get(from).say(providerId, text));
    }

    @Override
    protected Delivery deliverUnauthenticated(String providerId, String from, String text) {
        // a socket that never said hello, so never showed a token: whose message it is nobody knows
        try (ChatClient stranger = ChatClient.connect(Gateways.httpPort(gateway))) {
            return answer(stranger.say(providerId, text));
        }
    }

    @Override
    protected Delivery deliverMalformed(String from) {
        ChatClient client = visitors.get(from);
        client.sendRaw("{\"type\": \"message\", \"text\": ");
        return answer(client.next("ack", "error"));
    }

    @Override
    protected Delivery deliverOversize(String providerId, String from) {
        return answer(visitors.get(from).say(providerId, "x".repeat((int) maxMessageBytes + 1)));
    }

    @Override
    protected void providerWill(Outcome outcome, String to) {
        throw new UnsupportedOperationException("a chat reply cannot fail");
    }

    @Override
    protected List<String> acceptedFor(String to) {
        return visitors.get(to).seen().stream().filter(f -> f.path("type").asText().equals("message"))
                .map(f -> f.path("turn")).filter(t -> !t.path("author").asText().equals("customer"))
                .map(t -> t.path("text").asText()).toList();
    }

    @Override
    protected int attemptsFor(String to) {
        return acceptedFor(to).size();
    }

    @Override
    protected void report(String to, String text, Report report) {
        throw new UnsupportedOperationException("the gateway reports what it pushed itself");
    }

    /** The socket's answer: an ack, or an error frame whose code says why. */
    private static Delivery answer(JsonNode frame) {
        if (frame.path("type").asText().equals("ack")) {
            return Delivery.accepted();
        }
        String code = frame.path("code").asText();
        return Delivery.refused(switch (code) {
            case "message-too-large" -> Refusal.TOO_LARGE;
            case "hello-first" -> Refusal.UNAUTHENTICATED;
            case "rate-limited", "not-recorded" -> Refusal.RETRY_LATER;
            default -> Refusal.INVALID;
        }, code);
    }
}
