package io.switchboard.routing;

import static io.switchboard.routing.WhoAnswersTest.awaitDecided;
import static io.switchboard.routing.WhoAnswersTest.last;
import static io.switchboard.routing.WhoAnswersTest.turns;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The AI says when it is unsure, with the embedded responder and the shipped knowledge: a vague message
 * close to two articles but to neither closely enough gets one question naming both, the customer's
 * answer (by its place or in their own words) is decided joined with the question and reaches the
 * article meant, no second question is asked in the conversation, and the share of questions that led
 * to a grounded answer is reported.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "switchboard.routing.mode=automatic")
@ActiveProfiles("test")
class ClarifyingQuestionTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Test
    void aVagueMessageGetsOneQuestionAndTheAnswerByItsPlaceReachesTheArticleMeant() {
        var api = AgentApi.asSupervisor(port);
        JsonNode before = api.get("/api/v1/ai/accuracy").json().path("clarifications");
        String email = "vague-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";

        String conversation = say(email, "it's about the item");
        JsonNode asked = awaitDecided(api, conversation, 1);
        JsonNode decision = last(asked.path("decisions"));
        assertThat(decision.path("detail").path("rule").asText()).isEqualTo("clarify");
        List<JsonNode> questions = turns(asked, t -> t.path("metadata").path("kind").asText().equals("ai-clarify"));
        assertThat(questions).singleElement().satisfies(q -> {
            assertThat(q.path("author").asText()).isEqualTo("ai");
            assertThat(q.path("text").asText()).startsWith("Automated assistant:")
                    .contains("is your question about returning an item or a refund, or about changing or cancelling "
                            + "an order?").contains("\"agent\"");
            assertThat(q.path("metadata").path("options").asText()).isEqualTo("returns-refunds,change-cancel-order");
        });
        assertThat(asked.path("status").asText()).isEqualTo("waiting-for-customer");

        say(email, "The first one");
        JsonNode answered = awaitDecided(api, conversation, 2);
        JsonNode answer = last(answered.path("decisions"));
        assertThat(answer.path("detail").path("rule").asText()).isEqualTo("ai-answer");
        assertThat(answer.path("detail").path("ai-article").asText()).isEqualTo("returns-refunds");
        assertThat(answer.path("detail").path("clarified").asText()).isEqualTo(questions.get(0).path("metadata")
                .path("clarifies").asText()).isNotBlank();
        List<JsonNode> fromAi = turns(answered, t -> t.path("author").asText().equals("ai"));
        assertThat(fromAi).hasSize(2);
        assertThat(fromAi.get(1).path("text").asText()).contains("Source: Returns and refunds");

        say(email, "and the thing I bought");
        JsonNode third = awaitDecided(api, conversation, 3);
        assertThat(last(third.path("decisions")).path("detail").path("rule").asText())
                .as("at most one question per conversation").isEqualTo("unknown-intent");
        assertThat(turns(third, t -> t.path("metadata").path("kind").asText().equals("ai-clarify"))).hasSize(1);

        JsonNode after = api.get("/api/v1/ai/accuracy").json().path("clarifications");
        assertThat(after.path("asked").asLong()).isEqualTo(before.path("asked").asLong() + 1);
        assertThat(after.path("replied").asLong()).isEqualTo(before.path("replied").asLong() + 1);
        assertThat(after.path("grounded").path("successes").asLong())
                .isEqualTo(before.path("grounded").path("successes").asLong() + 1);
    }

    @Test
    void anAnswerInTheCustomersWordsIsDecidedWithTheQuestionAndAskingForAPersonStillWins() {
        var api = AgentApi.asSupervisor(port);
        String email = "words-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String conversation = say(email, "the thing I bought");
        JsonNode asked = awaitDecided(api, conversation, 1);
        assertThat(last(asked.path("decisions")).path("detail").path("rule").asText()).isEqualTo("clarify");
        assertThat(turns(asked, t -> t.path("metadata").path("kind").asText().equals("ai-clarify")).get(0)
                .path("metadata").path("options").asText()).contains("warranty-damaged");

        say(email, "it arrived broken");
        JsonNode answered = awaitDecided(api, conversation, 2);
        JsonNode decision = last(answered.path("decisions"));
        assertThat(decision.path("detail").path("intent").asText()).isEqualTo("warranty-damaged");
        assertThat(decision.path("detail").path("rule").asText()).as("the intent is answered by agents: a draft")
                .isEqualTo("autonomy-draft");
        assertThat(answered.path("inbox").path("draft").path("text").asText()).contains("two-year warranty");

        String personEmail = "person-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String other = say(personEmail, "it's about the item");
        awaitDecided(api, other, 1);
        JsonNode before = api.get("/api/v1/ai/accuracy").json().path("clarifications");
        say(personEmail, "I want to talk to a person");
        JsonNode person = awaitDecided(api, other, 2);
        assertThat(last(person.path("decisions")).path("detail").path("rule").asText()).isEqualTo("asks-for-person");
        JsonNode after = api.get("/api/v1/ai/accuracy").json().path("clarifications");
        assertThat(after.path("replied").asLong()).isEqualTo(before.path("replied").asLong() + 1);
        assertThat(after.path("grounded").path("successes").asLong()).as("a person answers: not grounded")
                .isEqualTo(before.path("grounded").path("successes").asLong());
    }

    private String say(String email, String text) {
        return new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@customer.example>", email, text);
    }
}
