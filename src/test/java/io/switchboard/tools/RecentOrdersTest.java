package io.switchboard.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import io.switchboard.support.OrderApiStub;
import java.time.Duration;
import java.util.ArrayList;
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
 * "Where is my order?" without a number, with the embedded responder and the shop's order API listing
 * the customer's recent orders (a stand-in over real HTTP): the customer is told their own recent
 * orders, each as the article tells one, and never an order of someone else the list held.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.routing.mode=automatic",
        "switchboard.tools.orders.auth-header=Authorization",
        "switchboard.tools.orders.auth-value=" + OrderApiStub.TOKEN,
        "switchboard.tools.orders.recent-path=/customers/{email}/orders",
        "switchboard.tools.orders.recent-list=/orders"})
@ActiveProfiles("test")
class RecentOrdersTest {

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
    void aCustomerAskingWithoutANumberIsToldTheirOwnRecentOrdersOnly() {
        String erin = "erin-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        ORDERS.recent(erin, "8801:Shipped:" + erin, "8802:Received:" + erin.toUpperCase(),
                "8803:Delivered:someone@else.example");

        String conversation = new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@customer.example>",
                erin, "Hi, where is my order? It has not arrived yet.");
        JsonNode answered = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> AgentApi.asSupervisor(port).get("/api/v1/conversations/" + conversation).json(),
                c -> c.path("decisions").size() >= 1 && !c.path("status").asText().equals("open"));

        JsonNode decision = answered.path("decisions").get(0).path("detail");
        assertThat(decision.path("rule").asText()).isEqualTo("ai-answer");
        assertThat(decision.path("ai-tool").asText()).isEqualTo("recent-orders");
        var texts = new ArrayList<String>();
        answered.path("turns").forEach(t -> {
            if (t.path("author").asText().equals("ai")) {
                texts.add(t.path("text").asText());
            }
        });
        assertThat(texts).singleElement().asString()
                .contains("Your order 8801 is Shipped.", "Your order 8802 is Received.")
                .doesNotContain("8803", "Delivered");
        assertThat(ORDERS.lookups()).isEmpty();
    }
}
