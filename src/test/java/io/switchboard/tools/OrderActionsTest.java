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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Please cancel my order 4711" with the embedded responder and the shop's order API (a stand-in over
 * real HTTP) configured to cancel: the AI offers to cancel the customer's own order and does nothing
 * more until they say yes; a yes has the order system cancel it once (with an idempotency key), records
 * an action turn and tells the customer in the article's words; a no cancels nothing; asking for a person
 * instead, or an order system that declines, is a person's turn; someone else's order is never offered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.routing.mode=automatic",
        "switchboard.routing.intents.change-cancel-order.autonomy=auto",
        "switchboard.tools.orders.auth-header=Authorization",
        "switchboard.tools.orders.auth-value=" + OrderApiStub.TOKEN,
        "switchboard.tools.orders.actions.cancel.path=/orders/{number}/cancel"})
@ActiveProfiles("test")
class OrderActionsTest {

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
    void theAiOffersToCancelTheCustomersOwnOrderAndCancelsItOnceOnTheirYes() {
        String alice = email("alice");
        ORDERS.order("4711", "Received", alice, "+4915100000011");
        ORDERS.action("4711", "cancel", 200);

        String conversation = ask(alice, "Please cancel my order 4711, I ordered the wrong size");
        JsonNode offered = decided(conversation, 1);
        assertThat(last(offered.path("decisions")).path("detail").path("rule").asText()).isEqualTo("ai-answer");
        assertThat(aiTexts(offered)).singleElement().asString()
                .contains("Shall I cancel order 4711 for you? Its status is Received.");
        assertThat(ORDERS.actions()).as("nothing is done before the customer says yes").isEmpty();

        ask(alice, "Yes please");
        JsonNode done = decided(conversation, 2);
        JsonNode decision = last(done.path("decisions"));
        assertThat(decision.path("detail").path("rule").asText()).isEqualTo("confirm-action");
        assertThat(decision.path("detail").path("confirmed").asText()).isEqualTo("yes");
        assertThat(ORDERS.actions()).singleElement().satisfies(r -> {
            assertThat(r.getUrl()).isEqualTo("/orders/4711/cancel");
            assertThat(r.getHeader("Idempotency-Key")).startsWith(conversation + "#");
        });
        assertThat(turns(done, "action")).singleElement().satisfies(t -> {
            assertThat(t.path("internal").asBoolean()).isTrue();
            assertThat(t.path("metadata").path("outcome").asText()).isEqualTo("done");
            assertThat(t.path("metadata").path("order").asText()).isEqualTo("4711");
        });
        assertThat(aiTexts(done)).hasSize(2).last().asString().startsWith("Automated assistant:")
                .contains("Order 4711 is cancelled.");

        ask(alice, "yes");
        JsonNode again = decided(conversation, 3);
        assertThat(last(again.path("decisions")).path("detail").path("rule").asText())
                .as("a second yes answers no offer").isNotEqualTo("confirm-action");
        assertThat(ORDERS.actions()).as("cancelled once").hasSize(1);
    }

    @Test
    void aNoOrAnotherRequestCancelsNothingAndADeclineGoesToAPersonWithTheReason() {
        String bob = email("bob");
        ORDERS.order("5200", "Received", bob, "+4915100000012");
        ORDERS.action("5200", "cancel", 409);
        int before = ORDERS.actions().size();

        String first = ask(bob, "Can you cancel order 5200?");
        decided(first, 1);
        ask(bob, "No, keep it");
        JsonNode kept = decided(first, 2);
        assertThat(last(kept.path("decisions")).path("detail").path("confirmed").asText()).isEqualTo("no");
        assertThat(aiTexts(kept)).last().asString().contains("All right: nothing was changed.");

        ask(bob, "Please cancel order 5200");
        decided(first, 3);
        ask(bob, "I want to talk to a person");
        JsonNode person = decided(first, 4);
        assertThat(last(person.path("decisions")).path("detail").path("rule").asText()).isEqualTo("asks-for-person");
        assertThat(ORDERS.actions()).as("a no, or another request, does nothing").hasSize(before);

        String carol = email("carol");
        ORDERS.order("5300", "Shipped", carol, "+4915100000013");
        ORDERS.action("5300", "cancel", 409);
        String second = ask(carol, "cancel my order 5300 please");
        decided(second, 1);
        ask(carol, "yes");
        JsonNode declined = decided(second, 2);
        JsonNode handoff = last(declined.path("decisions"));
        assertThat(handoff.path("outcome").asText()).isEqualTo("human-queue");
        assertThat(handoff.path("reason").asText()).isEqualTo("the order system declined to cancel order 5300 (HTTP 409)");
        assertThat(turns(declined, "action")).singleElement()
                .satisfies(t -> assertThat(t.path("metadata").path("outcome").asText()).isEqualTo("refused"));
    }

    @Test
    void inSpanishTheOfferTheYesAndTheAnswerAreSpanish() {
        String ana = email("ana");
        ORDERS.order("7100", "Received", ana, "+34600000015");
        ORDERS.action("7100", "cancel", 200);

        String conversation = ask(ana, "Hola, quiero anular mi pedido 7100, me equivoqué de talla");
        JsonNode offered = decided(conversation, 1);
        assertThat(aiTexts(offered)).singleElement().asString().startsWith("Asistente automático:")
                .contains("¿Quieres que cancele el pedido 7100?");

        ask(ana, "Sí, por favor");
        JsonNode done = decided(conversation, 2);
        assertThat(last(done.path("decisions")).path("detail").path("confirmed").asText()).isEqualTo("yes");
        assertThat(aiTexts(done)).last().asString().startsWith("Asistente automático:")
                .contains("El pedido 7100 está cancelado.");
        assertThat(ORDERS.actions()).filteredOn(r -> r.getUrl().equals("/orders/7100/cancel")).hasSize(1);
    }

    @Test
    void someoneElsesOrderIsNeverOffered() {
        String dave = email("dave");
        ORDERS.order("6100", "Received", dave, "+4915100000014");
        int before = ORDERS.actions().size();

        String conversation = ask(email("mallory"), "Please cancel my order 6100, I ordered the wrong size");
        JsonNode refused = decided(conversation, 1);
        assertThat(last(refused.path("decisions")).path("reason").asText()).contains("not in the account");
        assertThat(aiTexts(refused)).isEmpty();
        assertThat(ORDERS.actions()).hasSize(before);
    }

    private static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
    }

    private String ask(String email, String text) {
        return new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@customer.example>", email, text);
    }

    private JsonNode decided(String conversationId, int decisions) {
        var api = AgentApi.asSupervisor(port);
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> api.get("/api/v1/conversations/" + conversationId).json(),
                c -> c.path("decisions").size() >= decisions && !c.path("status").asText().equals("open"));
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    private static List<String> aiTexts(JsonNode conversation) {
        var texts = new ArrayList<String>();
        conversation.path("turns").forEach(t -> {
            if (t.path("author").asText().equals("ai") && !t.path("internal").asBoolean()) {
                texts.add(t.path("text").asText());
            }
        });
        return texts;
    }

    private static List<JsonNode> turns(JsonNode conversation, String kind) {
        var found = new ArrayList<JsonNode>();
        conversation.path("turns").forEach(t -> {
            if (t.path("metadata").path("kind").asText().equals(kind)) {
                found.add(t);
            }
        });
        return found;
    }
}
