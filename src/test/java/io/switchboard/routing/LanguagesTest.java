package io.switchboard.routing;

import static io.switchboard.routing.WhoAnswersTest.awaitDecided;
import static io.switchboard.routing.WhoAnswersTest.last;
import static io.switchboard.routing.WhoAnswersTest.turns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.responder.KnowledgeBase;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A customer is answered in the language they write in, end to end by e-mail with the embedded responder
 * and the shipped knowledge and texts: a Spanish question gets the Spanish article under the Spanish
 * assistant label and way to a person; the same customer switching to German gets the German one; a
 * Spanish request for a person gets the handoff notice in Spanish; a Spanish question the knowledge does
 * not cover goes to a person; a language the AI does not answer in (Italian) goes to a person, told in
 * English, the default.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "switchboard.routing.mode=automatic")
@ActiveProfiles("test")
class LanguagesTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    KnowledgeBase knowledge;

    @Test
    void theAiAnswersInTheCustomersLanguageAndInTheNewOneWhenTheySwitch() {
        var api = AgentApi.asSupervisor(port);
        String email = "idiomas-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";

        String conversation = say(email, "Buenas tardes, ¿qué formas de pago se pueden usar en la tienda? ¿Vale PayPal?");
        JsonNode spanish = awaitDecided(api, conversation, 1);
        JsonNode decision = last(spanish.path("decisions")).path("detail");
        assertThat(decision.path("rule").asText()).isEqualTo("ai-answer");
        assertThat(decision.path("language").asText()).isEqualTo("es");
        assertThat(decision.path("ai-article").asText()).isEqualTo("payment-methods");
        var es = knowledge.article("payment-methods", "es").orElseThrow();
        assertThat(aiTurns(spanish)).singleElement().satisfies(t -> assertThat(t.path("text").asText())
                .startsWith("Asistente automático:")
                .contains(es.body().strip().substring(0, 60))
                .contains("Fuente: " + es.title())
                .endsWith("Diga o escriba «agente» en cualquier momento para hablar con una persona."));

        say(email, "Wie lange ist eine Geschenkkarte gültig, läuft sie irgendwann ab?");
        JsonNode german = awaitDecided(api, conversation, 2);
        JsonNode second = last(german.path("decisions")).path("detail");
        assertThat(second.path("rule").asText()).isEqualTo("ai-answer");
        assertThat(second.path("language").asText()).isEqualTo("de");
        var de = knowledge.article("gift-cards", "de").orElseThrow();
        assertThat(aiTurns(german)).hasSize(2);
        assertThat(last(german.path("turns")).path("text").asText())
                .startsWith("Automatischer Assistent:")
                .contains(de.body().strip().substring(0, 60))
                .contains("Quelle: " + de.title())
                .endsWith("Sagen oder schreiben Sie jederzeit „Mitarbeiter“, um mit einem Menschen zu sprechen.");
    }

    @Test
    void aSpanishRequestForAPersonIsToldInSpanish() {
        var api = AgentApi.asSupervisor(port);
        String email = "persona-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String conversation = say(email, "Quiero hablar con un agente, por favor");

        JsonNode decided = awaitDecided(api, conversation, 1);
        assertThat(last(decided.path("decisions")).path("detail").path("rule").asText()).isEqualTo("asks-for-person");
        assertThat(notice(api, conversation)).startsWith("Gracias. Una persona de nuestro equipo continuará desde aquí")
                .contains("Tiene el número ");
    }

    @Test
    void aSpanishQuestionTheKnowledgeDoesNotCoverGoesToAPerson() {
        var api = AgentApi.asSupervisor(port);
        String email = "paella-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String conversation = say(email, "¿Me pueden recomendar una buena receta de paella para el domingo?");

        JsonNode decided = awaitDecided(api, conversation, 1);
        JsonNode detail = last(decided.path("decisions")).path("detail");
        assertThat(detail.path("language").asText()).isEqualTo("es");
        assertThat(detail.path("rule").asText()).isIn("unknown-intent", "no-grounded-answer");
        assertThat(decided.path("status").asText()).isEqualTo("queued");
        assertThat(aiTurns(decided)).isEmpty();
        assertThat(notice(api, conversation)).startsWith("Gracias.");
    }

    @Test
    void aLanguageTheAiDoesNotAnswerInGoesToAPersonToldInEnglish() {
        var api = AgentApi.asSupervisor(port);
        String email = "lingua-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String conversation = say(email, "Buongiorno, vorrei sapere dove si trova il mio ordine, non è ancora arrivato");

        JsonNode decided = awaitDecided(api, conversation, 1);
        JsonNode detail = last(decided.path("decisions")).path("detail");
        assertThat(detail.path("rule").asText()).isEqualTo("language");
        assertThat(detail.path("language").asText()).isEqualTo("it");
        assertThat(notice(api, conversation)).startsWith("Thank you. A person from our team will take over");
    }

    private static List<JsonNode> aiTurns(JsonNode conversation) {
        return turns(conversation, t -> t.path("author").asText().equals("ai"));
    }

    private static String notice(AgentApi api, String conversation) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> turns(api.get("/api/v1/conversations/" + conversation).json(),
                        t -> t.path("metadata").path("kind").asText().equals("handoff-notice")), l -> !l.isEmpty())
                .get(0).path("text").asText();
    }

    private String say(String email, String text) {
        return new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@customer.example>", email, text);
    }
}
