package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.Gateways;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Stop the gateway, start a new one on the same database: nothing is lost. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void everythingIsThereAfterARestart() {
        String[] settings = {"spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db/switchboard"),
                "switchboard.data-dir=" + dataDir, "switchboard.cluster.name=restart-" + UUID.randomUUID()};
        String token;
        String conversation;
        String customer;
        String email = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        ConfigurableApplicationContext before = Gateways.start(settings);
        try (var visitor = ChatClient.connect(Gateways.httpPort(before))) {
            var welcome = visitor.hello(null);
            token = welcome.path("token").asText();
            visitor.say("before-1", "My card was charged twice");
            var api = AgentApi.asAgent(Gateways.httpPort(before));
            conversation = api.currentConversationOf("chat:" + welcome.path("visitor").asText());
            customer = api.get("/api/v1/conversations/" + conversation).json().path("customerId").asText();
            api.post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", "Refund issued."));
            visitor.next("message");
            assertThat(api.post("/api/v1/customers/" + customer + "/addresses",
                    AgentApi.json("address", "email:" + email)).status()).isEqualTo(201);
        } finally {
            before.close();
        }

        ConfigurableApplicationContext after = Gateways.start(settings);
        try (var visitor = ChatClient.connect(Gateways.httpPort(after))) {
            var api = AgentApi.asAgent(Gateways.httpPort(after));
            JsonNode restored = api.get("/api/v1/conversations/" + conversation).json();
            assertThat(restored.path("status").asText()).isEqualTo("waiting-for-customer");
            assertThat(restored.path("assignee").asText()).isEqualTo("agent");
            assertThat(restored.path("turns")).hasSize(2);
            assertThat(restored.path("turns").get(1).path("delivery").path("status").asText()).isEqualTo("delivered");

            JsonNode profile = api.get("/api/v1/customers/" + customer).json();
            assertThat(profile.path("customer").path("addresses").toString()).contains("email:" + email);
            assertThat(profile.path("links")).hasSize(1);
            assertThat(api.get("/api/v1/customers?address=email:" + email).json().path("customer").path("id").asText())
                    .isEqualTo(customer);

            JsonNode welcome = visitor.hello(token);
            assertThat(welcome.path("history")).hasSize(2);
            visitor.say("before-1", "My card was charged twice");
            assertThat(visitor.say("after-1", "Thanks, got it").path("seq").asLong()).isEqualTo(3);
            assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(3);
        } finally {
            after.close();
        }
    }
}
