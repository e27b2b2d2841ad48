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
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** An agent's work on a conversation: AI drafts, canned responses, notes, and the survey after resolving. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConversationWorkTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConversationMemory memory;

    @Autowired
    AiDrafts drafts;

    String chatConversationIn(String queue, ChatClient visitor, String text) {
        String visitorId = visitor.hello(null).path("visitor").asText();
        visitor.say("w-" + UUID.randomUUID(), text);
        String c = AgentApi.asSupervisor(port).currentConversationOf("chat:" + visitorId);
        Inbound.awaitDecided(memory, c);
        memory.queue(c, queue, new Decision(Instant.now(), "human-queue", queue, "test routing", Map.of()));
        return c;
    }

    long draftsSince(String outcome) {
        return AgentApi.asSupervisor(port).get("/api/v1/kpis?window=hour").json().path("drafts").path(outcome).asLong();
    }

    @Test
    void anAiDraftIsSentAsEditedOnceAndAnotherDiscardedAndBothAreCounted() {
        var team = new InboxTeam(port);
        String queue = team.queue("drafts", "PT10M");
        String ann = team.agent("ann", 3, queue);
        var annApi = team.as(ann);
        long editedBefore = draftsSince("edited");
        long discardedBefore = draftsSince("discarded");
        try (var visitor = ChatClient.connect(port)) {
            String c = chatConversationIn(queue, visitor, "How long does shipping to Norway take?");
            long seq = drafts.propose(c, "Shipping to Norway takes 3-5 business days.", "assistant").turn().seq();

            JsonNode draft = annApi.get("/api/v1/conversations/" + c).json().path("inbox").path("draft");
            assertThat(draft.path("seq").asLong()).isEqualTo(seq);
            assertThat(draft.path("author").asText()).isEqualTo("ai");
            assertThat(draft.path("internal").asBoolean()).as("the customer never sees a draft").isTrue();

            var sent = annApi.post("/api/v1/conversations/" + c + "/drafts/" + seq + "/send",
                    AgentApi.json("text", "Shipping to Norway takes 3-5 business days; customs may add a day."));
            assertThat(sent.status()).isEqualTo(202);
            assertThat(visitor.next("message").path("turn").path("text").asText())
                    .isEqualTo("Shipping to Norway takes 3-5 business days; customs may add a day.");
            assertThat(annApi.post("/api/v1/conversations/" + c + "/drafts/" + seq + "/send", "").status())
                    .as("a draft goes out once").isEqualTo(409);
            assertThat(annApi.get("/api/v1/conversations/" + c).json().path("inbox").path("draft").isMissingNode()).isTrue();

            var second = annApi.post("/api/v1/conversations/" + c + "/drafts", AgentApi.json("text", "Anything else?"));
            assertThat(second.status()).isEqualTo(201);
            assertThat(annApi.post("/api/v1/conversations/" + c + "/drafts/" + second.json().path("seq").asLong()
                    + "/discard", "").status()).isEqualTo(204);
            assertThat(annApi.get("/api/v1/conversations/" + c).json().path("inbox").path("draft").isMissingNode()).isTrue();
        }
        assertThat(draftsSince("edited")).isEqualTo(editedBefore + 1);
        assertThat(draftsSince("discarded")).isEqualTo(discardedBefore + 1);
    }

    @Test
    void cannedResponsesFillInTheConversationsVariablesAndNotesStayInternal() {
        var team = new InboxTeam(port);
        String queue = team.queue("canned", "PT10M");
        String ann = team.agent("ann", 3, queue);
        String id = "refund-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(AgentApi.asAdmin(port).put("/api/v1/canned-responses/" + id, AgentApi.json("title", "Refund",
                "text", "Hi {{customer.name}}, {{agent.name}} from {{queue.name}} here. {{unknown.thing}}")).status())
                .isEqualTo(200);
        try (var visitor = ChatClient.connect(port)) {
            String c = chatConversationIn(queue, visitor, "Refund please");
            String customer = team.as(ann).get("/api/v1/inbox").json().path("queues").get(0).path("items").get(0)
                    .path("customer").asText();
            JsonNode canned = team.as(ann).get("/api/v1/conversations/" + c + "/canned-responses").json();
            assertThat(canned).filteredOn(r -> r.path("id").asText().equals(id)).extracting(r -> r.path("text").asText())
                    .containsExactly("Hi " + customer + ", ann from " + queue + " here. {{unknown.thing}}");

            var note = team.as(ann).post("/api/v1/conversations/" + c + "/notes", AgentApi.json("text", "VIP, be quick"));
            assertThat(note.status()).isEqualTo(201);
            assertThat(note.json().path("internal").asBoolean()).isTrue();
            assertThat(visitor.hello(null).path("history")).as("a new visitor sees nothing of it").isEmpty();
        }
    }

    @Test
    void aResolvedChatAsksForARatingAndTheAnswerIsRecordedWithoutReopeningIt() {
        var team = new InboxTeam(port);
        String queue = team.queue("csat", "PT10M");
        String ann = team.agent("ann", 3, queue);
        try (var visitor = ChatClient.connect(port)) {
            String c = chatConversationIn(queue, visitor, "My password reset mail never arrives");
            var annApi = team.as(ann);
            annApi.post("/api/v1/conversations/" + c + "/pick", "");
            annApi.post("/api/v1/conversations/" + c + "/replies", AgentApi.json("text", "Sent a new one, check spam."));
            visitor.next("message");
            assertThat(annApi.post("/api/v1/conversations/" + c + "/resolve", "").status()).isEqualTo(200);

            JsonNode survey = visitor.next("message").path("turn");
            assertThat(survey.path("kind").asText()).isEqualTo("csat-survey");
            assertThat(survey.path("author").asText()).isEqualTo("system");
            assertThat(visitor.say("rate-1", "4").path("seq").asLong()).as("no turn: not a new message").isZero();

            await().atMost(WAIT).until(() -> !annApi.get("/api/v1/conversations/" + c).json().path("inbox").path("csat")
                    .isEmpty());
            JsonNode detail = AgentApi.asSupervisor(port).get("/api/v1/conversations/" + c).json();
            assertThat(detail.path("status").asText()).isEqualTo("resolved");
            assertThat(detail.path("inbox").path("csat").get(0).path("score").asInt()).isEqualTo(4);
            assertThat(detail.path("inbox").path("csat").get(0).path("agent").asText()).isEqualTo(ann);
            assertThat(detail.path("turns")).filteredOn(t -> "csat".equals(t.path("metadata").path("kind").asText()))
                    .extracting(t -> t.path("text").asText()).containsExactly("The customer rated the help 4 out of 5.");

            assertThat(visitor.say("rate-2", "5").path("seq").asLong()).as("one answer per survey: now a message").isPositive();
            assertThat(AgentApi.asSupervisor(port).get("/api/v1/conversations/" + c).json().path("status").asText())
                    .isNotEqualTo("resolved");
        }
    }

    @Test
    void aScoreTextedFromAnotherOfTheCustomersAddressesAnswersTheirSurvey() {
        var team = new InboxTeam(port);
        String queue = team.queue("csat-sms", "PT10M");
        String ann = team.agent("ann", 3, queue);
        String phone = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        try (var visitor = ChatClient.connect(port)) {
            String c = chatConversationIn(queue, visitor, "Please call me back");
            var annApi = team.as(ann);
            String customer = annApi.get("/api/v1/conversations/" + c).json().path("customerId").asText();
            assertThat(annApi.post("/api/v1/customers/" + customer + "/addresses", AgentApi.json("address", "sms:" + phone,
                    "evidence", "customer typed it in the chat")).status()).isEqualTo(201);
            annApi.post("/api/v1/conversations/" + c + "/pick", "");
            annApi.post("/api/v1/conversations/" + c + "/resolve", "");
            assertThat(visitor.next("message").path("turn").path("kind").asText()).isEqualTo("csat-survey");

            var inbound = new Inbound(producer);
            assertThat(inbound.send("sms", "SM" + UUID.randomUUID(), phone, "5\n").getException()).isNull();
            await().atMost(WAIT).until(() -> annApi.get("/api/v1/conversations/" + c).json().path("inbox").path("csat")
                    .path(0).path("score").asInt() == 5);
            assertThat(annApi.get("/api/v1/conversations/" + c).json().path("inbox").path("csat").get(0).path("channel")
                    .asText()).isEqualTo("sms");
            assertThat(annApi.get("/api/v1/conversations/" + c).json().path("status").asText()).isEqualTo("resolved");
        }
    }
}
