package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.Inbound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Queues and agents over the API: automatic assignment, capacity, presence, pick, transfer, hand back. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class AssignmentTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConversationMemory memory;

    /** A conversation from a new SMS customer, sent by routing to {@code queue}. */
    String smsConversationIn(String queue) {
        String from = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        return routedTo(queue, new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), from, "Where is my refund?"));
    }

    String routedTo(String queue, String conversation) {
        Inbound.awaitDecided(memory, conversation);
        memory.queue(conversation, queue, new Decision(Instant.now(), "human-queue", queue, "test routing",
                Map.of("rule", "test", "intent", "refund")));
        return conversation;
    }

    JsonNode conversation(String id) {
        return AgentApi.asSupervisor(port).get("/api/v1/conversations/" + id).json();
    }

    long assignedTo(List<String> conversations, String agent) {
        return conversations.stream().filter(c -> agent.equals(conversation(c).path("assignee").asText())).count();
    }

    @Test
    void availableAgentsGetWaitingConversationsUpToCapacityAndOfflineGivesThemBack() {
        var team = new InboxTeam(port);
        String queue = team.queue("refunds", "PT10M");
        String ann = team.agent("ann", 2, queue);
        List<String> conversations = List.of(smsConversationIn(queue), smsConversationIn(queue), smsConversationIn(queue));
        await().atMost(WAIT).until(() -> conversations.stream()
                .allMatch(c -> conversation(c).path("inbox").path("waiting").path("queue").asText().equals(queue)));

        var annApi = team.as(ann);
        assertThat(annApi.put("/api/v1/agents/me/presence", "{\"presence\":\"available\"}").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> assignedTo(conversations, ann) == 2);
        assertThat(annApi.get("/api/v1/agents/me").json().path("active").asInt()).isEqualTo(2);
        String waiting = conversations.stream().filter(c -> conversation(c).path("assignee").isMissingNode()).findFirst()
                .orElseThrow();
        assertThat(conversation(waiting).path("status").asText()).isEqualTo("queued");

        String done = conversations.stream().filter(c -> !c.equals(waiting)).findFirst().orElseThrow();
        assertThat(annApi.post("/api/v1/conversations/" + done + "/resolve", "").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> ann.equals(conversation(waiting).path("assignee").asText()));
        assertThat(annApi.get("/api/v1/agents/me").json().path("active").asInt()).isEqualTo(2);

        assertThat(annApi.put("/api/v1/agents/me/presence", "{\"presence\":\"offline\"}").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> conversations.stream().filter(c -> !c.equals(done))
                .allMatch(c -> conversation(c).path("status").asText().equals("queued")));
        assertThat(annApi.get("/api/v1/agents/me").json().path("active").asInt()).isZero();
        assertThat(AgentApi.asSupervisor(port).get("/api/v1/conversations/" + waiting + "/audit").json())
                .extracting(e -> e.path("action").asText()).contains("conversation.assigned", "conversation.released");
    }

    @Test
    void anAgentPicksTransfersAndHandsBackAndSupervisorsReadItInTheAuditLog() {
        var team = new InboxTeam(port);
        String first = team.queue("orders", "PT10M");
        String second = team.queue("returns", "PT10M");
        String ann = team.agent("ann", 3, first);
        String bob = team.agent("bob", 3, second);
        String c = smsConversationIn(first);
        await().atMost(WAIT).until(() -> conversation(c).path("inbox").path("waiting").path("queue").asText().equals(first));

        assertThat(team.as(bob).post("/api/v1/conversations/" + c + "/pick", "").status())
                .as("not bob's queue").isEqualTo(403);
        assertThat(team.as(ann).post("/api/v1/conversations/" + c + "/pick", "").json().path("assignee").asText())
                .isEqualTo(ann);
        assertThat(team.as(ann).post("/api/v1/conversations/" + c + "/pick", "").status())
                .as("nobody takes an assigned conversation off its agent by picking").isEqualTo(409);

        var transfer = team.as(ann).post("/api/v1/conversations/" + c + "/transfer",
                AgentApi.json("queue", second, "note", "Customer wants to return the item"));
        assertThat(transfer.status()).isEqualTo(200);
        assertThat(transfer.json().path("status").asText()).isEqualTo("queued");
        assertThat(transfer.json().path("queue").asText()).isEqualTo(second);
        await().atMost(WAIT).until(() -> team.as(ann).get("/api/v1/agents/me").json().path("active").asInt() == 0);

        assertThat(team.as(bob).post("/api/v1/conversations/" + c + "/pick", "").json().path("assignee").asText())
                .isEqualTo(bob);
        assertThat(team.as(bob).post("/api/v1/conversations/" + c + "/transfer", AgentApi.json("agent", ann, "note",
                "You know this customer")).json().path("assignee").asText()).isEqualTo(ann);
        var handedBack = team.as(ann).post("/api/v1/conversations/" + c + "/hand-back",
                AgentApi.json("note", "Only tracking questions left"));
        assertThat(handedBack.json().path("status").asText()).isEqualTo("waiting-for-customer");
        assertThat(handedBack.json().path("assignee").isMissingNode()).isTrue();

        JsonNode detail = conversation(c);
        assertThat(detail.path("turns")).filteredOn(t -> "transfer-note".equals(t.path("metadata").path("kind").asText()))
                .extracting(t -> t.path("text").asText()).containsExactly(
                        "Transferred to queue returns: Customer wants to return the item",
                        "Transferred to " + ann + ": You know this customer",
                        "Handed back to the AI: Only tracking questions left");
        assertThat(detail.path("turns")).allMatch(t -> !"transfer-note".equals(t.path("metadata").path("kind").asText())
                || t.path("internal").asBoolean());
        assertThat(detail.path("decisions").get(detail.path("decisions").size() - 1).path("detail").path("rule").asText())
                .isEqualTo("hand-back");

        assertThat(AgentApi.asSupervisor(port).get("/api/v1/conversations/" + c + "/audit").json())
                .extracting(e -> e.path("action").asText() + " by " + e.path("actor").asText())
                .contains("conversation.assigned by " + ann, "conversation.transferred by " + ann,
                        "conversation.assigned by " + bob, "conversation.transferred by " + bob,
                        "conversation.handed-back by " + ann);
        assertThat(team.as(ann).get("/api/v1/conversations/" + c + "/audit").status()).isEqualTo(403);
        assertThat(team.as(ann).get("/api/v1/audit").status()).isEqualTo(403);
    }

    @Test
    void aReturningCustomerGoesBackToTheAgentWhoHelpedThemWhenAvailable() {
        var team = new InboxTeam(port);
        String queue = team.queue("loyal", "PT10M");
        String ann = team.agent("ann", 5, queue);
        String bob = team.agent("bob", 5, queue);
        team.as(ann).put("/api/v1/agents/me/presence", "{\"presence\":\"available\"}");
        team.as(bob).put("/api/v1/agents/me/presence", "{\"presence\":\"available\"}");

        String from = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        var inbound = new Inbound(producer);
        String c = routedTo(queue, inbound.record("sms", "SM" + UUID.randomUUID(), from, "Hello"));
        await().atMost(WAIT).until(() -> conversation(c).path("assignee").isTextual());
        String helper = conversation(c).path("assignee").asText();
        String other = helper.equals(ann) ? bob : ann;
        assertThat(team.as(helper).post("/api/v1/conversations/" + c + "/resolve", "").status()).isEqualTo(200);

        // the other agent has now been idle longest: only stickiness sends the customer back to the helper
        String again = routedTo(queue, inbound.record("sms", "SM" + UUID.randomUUID(), from, "Me again"));
        await().atMost(WAIT).until(() -> conversation(again).path("assignee").isTextual());
        assertThat(conversation(again).path("assignee").asText()).isEqualTo(helper);
        String stranger = smsConversationIn(queue);
        await().atMost(WAIT).until(() -> conversation(stranger).path("assignee").isTextual());
        assertThat(conversation(stranger).path("assignee").asText()).isEqualTo(other);

        team.as(ann).put("/api/v1/agents/me/presence", "{\"presence\":\"offline\"}");
        team.as(bob).put("/api/v1/agents/me/presence", "{\"presence\":\"offline\"}");
    }

    @Test
    void aConversationRoutedToAnUnknownQueueWaitsInTheDefaultQueue(CapturedOutput output) {
        String c = smsConversationIn("no-such-queue-" + UUID.randomUUID().toString().substring(0, 6));
        await().atMost(WAIT).until(() -> "default".equals(conversation(c).path("queue").asText()));
        JsonNode decisions = conversation(c).path("decisions");
        assertThat(decisions.get(decisions.size() - 1).path("detail").path("rule").asText()).isEqualTo("unknown-queue");
        assertThat(output.getOut()).contains("is not defined (switchboard.inbox.queues): using the default queue");
    }

    @Test
    void twoAgentsReplyingAtTheSameMomentAreBothRecordedInOrderAndDelivered() throws Exception {
        var team = new InboxTeam(port);
        String queue = team.queue("pair", "PT10M");
        String ann = team.agent("ann", 3, queue);
        String bob = team.agent("bob", 3, queue);
        try (var visitor = ChatClient.connect(port)) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            visitor.say("pair-1", "Can someone help?");
            String c = routedTo(queue, AgentApi.asSupervisor(port).currentConversationOf("chat:" + visitorId));

            var start = new CountDownLatch(1);
            var pool = Executors.newFixedThreadPool(2);
            var replies = new ArrayList<Future<AgentApi.Response>>();
            for (String agent : List.of(ann, bob)) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return team.as(agent).post("/api/v1/conversations/" + c + "/replies",
                            AgentApi.json("text", "Hello from " + agent));
                }));
            }
            start.countDown();
            for (Future<AgentApi.Response> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(202);
            }
            pool.shutdown();

            JsonNode turns = conversation(c).path("turns");
            assertThat(turns).extracting(t -> t.path("seq").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(turns).extracting(t -> t.path("text").asText())
                    .containsExactlyInAnyOrder("Can someone help?", "Hello from " + ann, "Hello from " + bob);
            var received = List.of(visitor.next("message").path("turn").path("text").asText(),
                    visitor.next("message").path("turn").path("text").asText());
            assertThat(received).containsExactlyInAnyOrder("Hello from " + ann, "Hello from " + bob);
            await().atMost(WAIT).until(() -> conversation(c).path("turns").findValues("delivery").stream()
                    .allMatch(d -> d.path("status").asText().equals("delivered")));
        }
    }
}
