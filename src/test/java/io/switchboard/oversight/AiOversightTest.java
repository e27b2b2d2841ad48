package io.switchboard.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.support.AgentApi;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.LiveEvents;
import io.switchboard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A week of the AI answering e-mail with the gateway's clock in the test's hands, end to end with the
 * embedded responder and the shipped intents: every intent gets its minimum of audits, grades move the
 * audited accuracy and its interval, a streak of wrong answers takes an intent back from answering by
 * itself at once (its next answer waits as a draft) and an unsafe one does so on the spot, an answer
 * the customer followed with "that didn't help" is audited, drafts sent as written bring a suggestion
 * (never a promotion), the questions of wrong answers become knowledge gaps, and a reviewer sees the
 * question, the context, the knowledge and the answer, and nothing else of the inbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.routing.mode=automatic",
        "switchboard.ai.audit.sample-share=0.25",
        "switchboard.ai.audit.min-per-intent-per-week=6",
        "switchboard.ai.audit.min-sample=5",
        "switchboard.ai.audit.demote-below=0.8",
        "switchboard.ai.audit.promote-above=0.5"})
@ActiveProfiles("test")
@Import(MutableClock.Config.class)
class AiOversightTest {

    /** A Monday: the week simulated is 2030-W02. */
    static final Instant MONDAY = Instant.parse("2030-01-07T09:00:00Z");
    static final Map<String, String> QUESTIONS = Map.of(
            "order-status", "Where is my order? It has not arrived yet",
            "returns-refunds", "How do I return an item that does not fit?",
            "shipping", "How much does shipping cost?");

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConversationMemory memory;

    @Autowired
    CamelContext camel;

    final String marker = UUID.randomUUID().toString().substring(0, 8);
    int customers;

    @Test
    void aWeekOfAnswersIsAuditedAndTheGradesDecideHowFarTheAiMayGo() throws Exception {
        // a week: each day two questions of each intent, each from another customer
        var answered = new HashMap<String, List<String>>();
        for (int day = 0; day < 7; day++) {
            clock.set(MONDAY.plus(Duration.ofDays(day)));
            for (var question : QUESTIONS.entrySet()) {
                for (int i = 0; i < 2; i++) {
                    String conversation = ask(question.getValue());
                    assertThat(decided(conversation).path("outcome").asText()).as(question.getKey())
                            .isEqualTo("ai-reply");
                    answered.computeIfAbsent(question.getKey(), k -> new ArrayList<>()).add(conversation);
                }
            }
        }
        var supervisor = AgentApi.asSupervisor(port);
        var reviewer = reviewer();

        // every intent has its minimum, the rest is a share; all of week 2030-W02
        JsonNode listed = reviewer.get("/api/v1/ai/audits?limit=500").json();
        for (String intent : QUESTIONS.keySet()) {
            var own = audits(listed, intent);
            assertThat(own).as(intent).hasSizeBetween(6, 14);
            assertThat(own.stream().filter(a -> a.path("reason").asText().equals("minimum"))).hasSize(6);
            assertThat(own).allSatisfy(a -> assertThat(a.path("week").asText()).isEqualTo("2030-W02"));
        }

        // what a reviewer sees
        JsonNode first = audits(listed, "returns-refunds").get(0);
        JsonNode review = reviewer.get("/api/v1/ai/audits/" + first.path("id").asText()).json();
        assertThat(review.path("question").path("text").asText()).isEqualTo(QUESTIONS.get("returns-refunds"));
        assertThat(review.path("answer").path("author").asText()).isEqualTo("ai");
        assertThat(review.path("passages").get(0).path("text").asText()).isNotBlank();
        assertThat(review.path("held").asBoolean()).isTrue();
        assertThat(reviewer.get("/api/v1/conversations").status()).as("nothing else of the inbox").isEqualTo(403);
        assertThat(reviewer.put("/api/v1/ai/autonomy/shipping", AgentApi.json("autonomy", "off", "reason", "x"))
                .status()).as("autonomy is the supervisors'").isEqualTo(403);

        // grades move the interval (below the minimum sample, nothing is decided on them)
        var returns = audits(listed, "returns-refunds");
        for (int i = 0; i < 3; i++) {
            grade(reviewer, returns.get(i), "correct");
        }
        JsonNode allRight = intentReport(reviewer, "returns-refunds").path("accuracy");
        assertThat(allRight.path("share").asDouble()).isEqualTo(1.0);
        grade(reviewer, returns.get(3), "incomplete");
        JsonNode oneShort = intentReport(reviewer, "returns-refunds").path("accuracy");
        assertThat(oneShort.path("total").asInt()).isEqualTo(4);
        assertThat(oneShort.path("share").asDouble()).isLessThan(1.0);
        assertThat(oneShort.path("low").asDouble()).isLessThan(allRight.path("low").asDouble());
        assertThat(autonomyOf(supervisor, "returns-refunds").path("change").path("autonomy").asText())
                .as("still auto").isEmpty();

        // a streak of wrong answers: auto until the sample is there, then draft at once, with a live alert
        var alert = LiveEvents.first(port, "supervisor", "supervisor", "ai-alert");
        var orders = audits(listed, "order-status");
        for (int i = 0; i < 4; i++) {
            grade(reviewer, orders.get(i), "wrong");
        }
        assertThat(autonomyOf(supervisor, "order-status").path("change").path("autonomy").asText()).as("4 graded: not yet")
                .isEmpty();
        grade(reviewer, orders.get(4), "wrong");
        JsonNode change = autonomyOf(supervisor, "order-status").path("change");
        assertThat(change.path("autonomy").asText()).isEqualTo("draft");
        assertThat(change.path("by").asText()).isEqualTo("ai-oversight");
        assertThat(change.path("evidence").path("graded").asText()).isEqualTo("5");
        assertThat(change.path("reason").asText()).contains("below the 80 %");
        assertThat(AgentApi.asAdmin(port).get("/api/v1/audit?subjectType=intent&subjectId=order-status").body())
                .contains("ai.autonomy-demoted");
        JsonNode pushed = alert.get(20, TimeUnit.SECONDS);
        assertThat(pushed.path("intent").asText()).isEqualTo("order-status");
        assertThat(pushed.path("autonomy").asText()).isEqualTo("draft");
        assertThat(pushed.path("reason").asText()).contains("below the 80 %");
        assertThat(pushed.path("evidence").path("graded").asText()).isEqualTo("5");

        // from now on no order-status answer goes out by itself: each waits as a draft
        var drafted = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            String conversation = ask(QUESTIONS.get("order-status"));
            JsonNode decision = decided(conversation);
            assertThat(decision.path("outcome").asText()).isEqualTo("human-queue");
            assertThat(decision.path("detail").path("rule").asText()).isEqualTo("autonomy-draft");
            assertThat(memory.require(conversation).turns()).noneMatch(t -> "ai-reply".equals(t.metadata().get("kind")));
            drafted.add(conversation);
        }

        // agents send those drafts as written: a suggestion to go back to auto, never the change itself
        for (String conversation : drafted) {
            Turn draft = memory.require(conversation).turns().stream()
                    .filter(t -> "ai-draft".equals(t.metadata().get("kind"))).findFirst().orElseThrow();
            assertThat(supervisor.post("/api/v1/conversations/" + conversation + "/drafts/" + draft.seq() + "/send",
                    "{}").status()).isEqualTo(202);
        }
        JsonNode autonomy = supervisor.get("/api/v1/ai/autonomy").json();
        assertThat(autonomy.path("suggestions").findValuesAsText("intent")).containsExactly("order-status");
        assertThat(autonomyOf(supervisor, "order-status").path("change").path("autonomy").asText())
                .as("suggested, not done").isEqualTo("draft");
        var restored = supervisor.put("/api/v1/ai/autonomy/order-status", AgentApi.json("autonomy", "configured",
                "reason", "knowledge article rewritten"));
        assertThat(restored.json().path("change").path("autonomy").asText()).isEmpty();

        // one unsafe answer takes an intent back on the spot
        grade(reviewer, audits(listed, "shipping").get(0), "unsafe");
        assertThat(autonomyOf(supervisor, "shipping").path("change").path("reason").asText()).contains("unsafe");

        // an answer the customer followed with "that didn't help" is audited
        String email = "helpless-" + marker + "@customer.example";
        String helpless = ask(QUESTIONS.get("returns-refunds"), email);
        decided(helpless);
        assertThat(ask("That didn't help at all, I want to talk to a person", email)).isEqualTo(helpless);
        await().atMost(Duration.ofSeconds(20)).until(() -> reviewer.get("/api/v1/ai/audits?limit=500").json()
                .findValuesAsText("conversationId").stream().anyMatch(helpless::equals));
        JsonNode followed = null;
        for (JsonNode a : reviewer.get("/api/v1/ai/audits?limit=500").json()) {
            if (a.path("conversationId").asText().equals(helpless)) {
                followed = a;
            }
        }
        assertThat(followed.path("reason").asText()).isEqualTo("handoff");

        // the answers graded wrong or incomplete became knowledge gaps, the same question in one group
        JsonNode gaps = supervisor.get("/api/v1/ai/knowledge-gaps").json();
        assertThat(gaps.get(0).path("size").asInt()).isEqualTo(5);
        assertThat(gaps.get(0).path("intent").asText()).isEqualTo("order-status");
        assertThat(gaps.findValuesAsText("intent")).contains("returns-refunds");

        // the report: overall, by week, per intent
        JsonNode report = reviewer.get("/api/v1/ai/accuracy?weeks=4").json();
        assertThat(report.path("overall").path("total").asInt()).isEqualTo(10);
        assertThat(report.path("weeks").findValuesAsText("week")).contains("2030-W02");
        assertThat(report.path("waiting").asInt()).isPositive();
    }

    private String ask(String question) {
        return ask(question, "week-" + marker + "-" + (customers++) + "@customer.example");
    }

    private String ask(String question, String from) {
        Envelope envelope = Envelope.inbound("email", "<" + UUID.randomUUID() + "@customer.example>", from, "support",
                question, clock.instant());
        Exchange exchange = producer.request("direct:inbound", e -> e.getMessage().setBody(envelope));
        assertThat(exchange.getException()).isNull();
        return exchange.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID, String.class);
    }

    /**
     * The conversation's latest decision, once routing has made it and every route acting on it is done
     * (the audit list is written after the answer went out).
     */
    private JsonNode decided(String conversation) {
        var api = AgentApi.asSupervisor(port);
        JsonNode decision = await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode decisions = api.get("/api/v1/conversations/" + conversation).json().path("decisions");
            return decisions.size() > 0 ? decisions.get(decisions.size() - 1) : null;
        }, d -> d != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> camel.getInflightRepository().size() == 0);
        return decision;
    }

    private AgentApi reviewer() {
        String user = "reviewer-" + marker;
        AgentApi.asAdmin(port).post("/api/v1/users", InboxTeam.write(Map.of("username", user,
                "password", "reviewer-password-" + marker, "roles", List.of("reviewer"))));
        return new AgentApi(port, user, "reviewer-password-" + marker);
    }

    private static List<JsonNode> audits(JsonNode listed, String intent) {
        var own = new ArrayList<JsonNode>();
        listed.forEach(a -> {
            if (a.path("intent").asText().equals(intent)) {
                own.add(a);
            }
        });
        return own;
    }

    private static void grade(AgentApi reviewer, JsonNode audit, String grade) {
        var graded = reviewer.post("/api/v1/ai/audits/" + audit.path("id").asText() + "/grade",
                AgentApi.json("grade", grade, "note", "checked against the article"));
        assertThat(graded.status()).as(graded.body()).isEqualTo(200);
    }

    private static JsonNode intentReport(AgentApi api, String intent) {
        for (JsonNode i : api.get("/api/v1/ai/accuracy").json().path("intents")) {
            if (i.path("intent").asText().equals(intent)) {
                return i;
            }
        }
        throw new AssertionError("no report of " + intent);
    }

    private static JsonNode autonomyOf(AgentApi api, String intent) {
        for (JsonNode i : api.get("/api/v1/ai/autonomy").json().path("intents")) {
            if (i.path("intent").asText().equals(intent)) {
                return i;
            }
        }
        throw new AssertionError("no autonomy of " + intent);
    }
}
