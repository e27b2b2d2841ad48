package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.Gateways;
import io.switchboard.support.Inbound;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The mail server cannot be reached: replies are retried and then shown as failed; the chat goes on. */
class EmailServerDownTest {

    @Test
    void aReplyThatCannotBeSentIsMarkedFailedAndAClaimStillGetsAnAnswer() {
        int nobody = Gateways.freePort();
        try (ConfigurableApplicationContext gateway = Gateways.start(
                "switchboard.email.embedded-server.enabled=false",
                "switchboard.email.imap.port=" + nobody, "switchboard.email.imap.poll-interval=1h",
                "switchboard.email.imap.username=support", "switchboard.email.imap.password=support",
                "switchboard.email.smtp.port=" + nobody, "switchboard.email.smtp.auth=none",
                "switchboard.delivery.outbox.initial-backoff=200ms", "switchboard.delivery.outbox.max-attempts=3")) {
            int port = Gateways.httpPort(gateway);
            var api = AgentApi.asAgent(port);
            String customer = "lee-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
            String conversation = new Inbound(gateway.getBean(ProducerTemplate.class))
                    .record("email", "<down-" + customer + ">", customer, "Is anyone there?");

            assertThat(api.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "Yes, we are.")).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode reply = api.get("/api/v1/conversations/" + conversation).json().path("turns").get(1);
                assertThat(reply.path("delivery").path("status").asText()).isEqualTo("failed");
            });

            try (var visitor = ChatClient.connect(port)) {
                visitor.hello(null);
                visitor.send(visitor.frame("claim").put("address", "other-" + customer));
                JsonNode claimed = visitor.next("claimed", "error");
                assertThat(claimed.path("type").asText()).isEqualTo("claimed");
                assertThat(claimed.path("codeSent").asBoolean()).isFalse();
                assertThat(visitor.isOpen()).isTrue();
            }
        }
    }
}
