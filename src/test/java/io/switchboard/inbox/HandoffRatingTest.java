package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import io.switchboard.support.InboxTeam;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The agent who takes over a handoff says whether the note had what they needed, what was missing,
 * and whether they had to ask the customer again: once per note, and counted in the KPIs by queue
 * and intent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "switchboard.routing.mode=automatic")
@ActiveProfiles("test")
class HandoffRatingTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Test
    void theReceivingAgentRatesTheNoteOnceAndTheKpisCountIt() {
        String from = "rated-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String conversation = new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@customer.example>",
                from, "My order 5521 never came, I want to talk to a real person");
        var agent = AgentApi.asAgent(port);
        JsonNode note = await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode notes = agent.get("/api/v1/conversations/" + conversation).json().path("inbox").path("handoffNotes");
            return notes.size() > 0 ? notes.get(0) : null;
        }, n -> n != null);
        assertThat(note.path("metadata").path("queue").asText()).isNotBlank();
        long seq = note.path("seq").asLong();
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/pick", "{}").status()).isEqualTo(200);

        String path = "/api/v1/conversations/" + conversation + "/handoff-ratings";
        assertThat(agent.post(path, InboxTeam.write(Map.of("seq", seq, "useful", true,
                "missing", List.of("goal"), "askedAgain", false))).status()).as("useful yet lacking").isEqualTo(400);
        assertThat(agent.post(path, InboxTeam.write(Map.of("seq", seq, "useful", false,
                "missing", List.of("the weather"), "askedAgain", false))).status()).isEqualTo(400);
        assertThat(agent.post(path, InboxTeam.write(Map.of("seq", 1, "useful", true, "askedAgain", false)))
                .status()).as("the customer's message is no note").isEqualTo(400);
        var rated = agent.post(path, InboxTeam.write(Map.of("seq", seq, "useful", false,
                "missing", List.of("order-or-account", "what-was-tried"), "askedAgain", true)));
        assertThat(rated.status()).as(rated.body()).isEqualTo(201);
        assertThat(agent.post(path, InboxTeam.write(Map.of("seq", seq, "useful", true, "askedAgain", false)))
                .status()).as("once per note").isEqualTo(409);
        assertThat(agent.get("/api/v1/conversations/" + conversation).json().path("inbox").path("ratedNotes"))
                .as("the page asks no more").extracting(JsonNode::asLong).containsExactly(seq);

        JsonNode handoffs = AgentApi.asSupervisor(port).get("/api/v1/kpis?window=day").json().path("handoffs");
        assertThat(handoffs.path("overall").path("rated").asInt()).isEqualTo(1);
        assertThat(handoffs.path("overall").path("useful").asInt()).isZero();
        assertThat(handoffs.path("overall").path("askedAgain").asInt()).isEqualTo(1);
        assertThat(handoffs.path("overall").path("missing").path("order-or-account").asInt()).isEqualTo(1);
        assertThat(handoffs.path("byQueue").path(note.path("metadata").path("queue").asText()).path("rated").asInt())
                .isEqualTo(1);
        assertThat(handoffs.path("byIntent").size()).isEqualTo(1);
        assertThat(AgentApi.asAdmin(port).get("/api/v1/conversations/" + conversation + "/audit").body())
                .contains("conversation.handoff-rated");
    }
}
