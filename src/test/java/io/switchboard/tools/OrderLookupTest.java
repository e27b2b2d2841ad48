package io.switchboard.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import io.switchboard.support.OrderApiStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Where is my order 4711?" answered from the shop's order API (a stand-in over real HTTP) with the
 * embedded responder: the customer's own order is told with its status, delivery date and tracking
 * link; someone else's order, or one that does not exist, is not (a person answers, told why); an
 * order API that fails or is slow hands the customer to a person with the reason and the order number,
 * and after failures in a row it is not asked at all for a while.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.routing.mode=automatic",
        "switchboard.tools.orders.auth-header=Authorization",
        "switchboard.tools.orders.auth-value=" + OrderApiStub.TOKEN,
        "switchboard.tools.orders.timeout=2s",
        "switchboard.tools.orders.circuit-breaker.failures=2",
        "switchboard.tools.orders.circuit-breaker.open-for=10m"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderLookupTest {

    static final OrderApiStub ORDERS = new OrderApiStub();

    @DynamicPropertySource
    static void orderApi(DynamicPropertyRegistry registry) {
        registry.add("switchboard.tools.orders.base-url", ORDERS::baseUrl);
    }

    @AfterAll
    static void stopOrderApi() {
        ORDERS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Test
    @Order(1)
    void aCustomerHearsAboutTheirOwnOrderAndNobodyElseDoes() {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        ORDERS.order("4711", "Shipped", alice, "+4915100000001");

        JsonNode answered = decided(ask(alice, "Hi, where is my order 4711? It has not arrived yet."));
        JsonNode decision = last(answered.path("decisions"));
        assertThat(decision.path("detail").path("rule").asText()).isEqualTo("ai-answer");
        assertThat(decision.path("detail").path("ai-tool").asText()).isEqualTo("order-status");
        assertThat(decision.path("detail").path("ai-toolOutcome").asText()).isEqualTo("found");
        assertThat(aiText(answered)).contains("Your order 4711 is Shipped.", "It is expected on 2030-01-10.",
                "DHL tracks it here: https://track.example/4711", "Source: Where is my order?");
        assertThat(ORDERS.lookups()).last().satisfies(r ->
                assertThat(r.getHeader("Authorization")).isEqualTo(OrderApiStub.TOKEN));

        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        JsonNode refused = decided(ask(bob, "Where is my order 4711?"));
        JsonNode handoff = last(refused.path("decisions"));
        assertThat(handoff.path("outcome").asText()).isEqualTo("human-queue");
        assertThat(handoff.path("reason").asText()).contains("4711", "not in the account of this customer");
        assertThat(handoff.path("detail").path("ai-toolOutcome").asText()).isEqualTo("refused");
        assertThat(aiText(refused)).as("nothing of alice's order reaches bob").doesNotContain("Shipped", "DHL");

        JsonNode unknown = decided(ask(alice, "where is my order number 99999"));
        assertThat(last(unknown.path("decisions")).path("reason").asText()).contains("99999", "does not exist");

        JsonNode general = decided(ask("carol-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example",
                "How can I track my package?"));
        assertThat(aiText(general)).as("no order named: the article's own answer")
                .contains("under \"My orders\"").doesNotContain("Your order");
    }

    @Test
    @Order(2) // leaves the order API failing and the circuit open
    void aFailingOrSlowOrderApiHandsOverWithTheReasonAndThenIsNotAskedForAWhile() {
        int before = ORDERS.lookups().size();
        String dave = "dave-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        ORDERS.failWith(503);
        JsonNode failed = decided(ask(dave, "Where is my order 5150?"));
        JsonNode first = last(failed.path("decisions"));
        assertThat(first.path("outcome").asText()).isEqualTo("human-queue");
        assertThat(first.path("reason").asText()).isEqualTo("the order system failed: HTTP 503");
        assertThat(first.path("detail").path("ai-order").asText()).isEqualTo("5150");

        ORDERS.slowBy(6000);
        String erin = "erin-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        JsonNode slow = decided(ask(erin, "Where is my order 5151?"));
        assertThat(last(slow.path("decisions")).path("reason").asText())
                .isEqualTo("the order system did not answer within 2000 ms");

        // the slow lookup is journalled by the stand-in whenever it is; both failures must be in before counting
        await().atMost(Duration.ofSeconds(10)).until(() -> ORDERS.lookups().size() == before + 2);
        String frank = "frank-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        JsonNode open = decided(ask(frank, "Where is my order 5152?"));
        JsonNode third = last(open.path("decisions"));
        assertThat(third.path("reason").asText()).contains("unavailable");
        assertThat(third.path("detail").path("ai-toolOutcome").asText()).isEqualTo("circuit-open");
        assertThat(ORDERS.lookups()).as("two failures in a row: not asked").hasSize(before + 2);
        // the note is written right after the conversation is queued
        String note = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(
                () -> handoffNote(AgentApi.asSupervisor(port).get("/api/v1/conversations/" + open.path("id").asText())
                        .json()), text -> !text.isEmpty());
        assertThat(note).as("the agent's note has the order number").contains("5152");
    }

    private String ask(String email, String text) {
        return new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@customer.example>", email, text);
    }

    private JsonNode decided(String conversationId) {
        var api = AgentApi.asSupervisor(port);
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> api.get("/api/v1/conversations/" + conversationId).json(),
                c -> c.path("decisions").size() >= 1 && !c.path("status").asText().equals("open"));
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    private static String aiText(JsonNode conversation) {
        var texts = new ArrayList<String>();
        conversation.path("turns").forEach(t -> {
            if (t.path("author").asText().equals("ai") && !t.path("internal").asBoolean()) {
                texts.add(t.path("text").asText());
            }
        });
        return String.join("\n", texts);
    }

    private static String handoffNote(JsonNode conversation) {
        List<String> notes = new ArrayList<>();
        conversation.path("turns").forEach(t -> {
            if (t.path("metadata").path("kind").asText().equals("handoff")) {
                notes.add(t.path("text").asText());
            }
        });
        return String.join("\n", notes);
    }
}
