package io.switchboard.responder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.switchboard.embedding.BgeSmallEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedResponderTest {

    private static EmbeddingModel embeddingModel;
    private static KnowledgeBase knowledge;
    private static EmbeddedResponder responder;
    private static final AiProperties PROPERTIES = AiProperties.defaults();

    @BeforeAll
    static void loadTheModelOnce() {
        embeddingModel = BgeSmallEmbeddingModel.instance();
        knowledge = KnowledgeBase.load("", embeddingModel);
        responder = new EmbeddedResponder(knowledge, new PersonalData(), PROPERTIES);
    }

    @Test
    void anOrderAnswerFillsTheOrdersFieldsAndLeavesOutALineWhoseFieldTheOrderLacks() {
        var order = new io.switchboard.tools.Order("4711", java.util.Map.of("status", "Shipped", "carrier", "DHL"));
        assertThat(EmbeddedResponder.fill("Your order {number} is {status}.\nIt is expected on {expected-delivery}.\n"
                + "{carrier} tracks it here: {tracking-url}\nThank you.", order))
                .isEqualTo("Your order 4711 is Shipped.\nThank you.");
    }

    @Test
    void theSampleKnowledgeBaseIsPackaged() {
        assertThat(knowledge.size()).isEqualTo(10);
    }

    @Test
    void aParaphrasedQuestionIsAnsweredWithTheArticleTextItsSourceAndTheWayToAPerson() {
        var answer = responder.answer(new Question("c-1",
                "I sent the jacket back last week, when do I see the money on my card 4111 1111 1111 1111?",
                "en", null));

        assertThat(answer).isInstanceOf(AiAnswer.Reply.class);
        var reply = (AiAnswer.Reply) answer;
        String article = knowledge.article("returns-refunds").orElseThrow().body();
        assertThat(reply.text())
                .startsWith("Automated assistant:")
                .contains(article)
                .contains("Source: Returns and refunds")
                .endsWith("Say or write \"agent\" at any time to reach a person.")
                .doesNotContain("4111");
        assertThat(reply.draft()).as("an agent sends the draft as their own")
                .startsWith(article.strip().substring(0, 40))
                .endsWith("Source: Returns and refunds")
                .doesNotContain("Automated assistant:", "\"agent\"", "4111");
        assertThat(reply.citations()).singleElement().satisfies(c -> {
            assertThat(c.articleId()).isEqualTo("returns-refunds");
            assertThat(c.title()).isEqualTo("Returns and refunds");
            assertThat(c.score()).isGreaterThanOrEqualTo(PROPERTIES.thresholds().answer());
        });
    }

    @Test
    void aQuestionTheKnowledgeDoesNotCoverIsHandedToAPersonWithTheBestScore() {
        var answer = responder.answer(new Question("c-2", "what's the weather on Mars", "en", null));

        assertThat(answer).isInstanceOf(AiAnswer.Handoff.class);
        assertThat(((AiAnswer.Handoff) answer).reason()).isEqualTo("no article in the knowledge base matches the question");
        assertThat(Double.parseDouble(answer.detail().get("bestScore"))).isLessThan(PROPERTIES.thresholds().answer());
    }

    @Test
    void aKnowledgeFolderIsReadAndArticlesWithoutIdOrTextAreSkipped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.md"), """
                ---
                id: loyalty
                title: Loyalty points
                questions:
                  - How do loyalty points work?
                ---
                Every euro you spend earns one loyalty point. One hundred points are worth five euros at checkout.
                """);
        Files.writeString(dir.resolve("no-id.md"), "---\ntitle: Nothing\n---\nSome text.\n");
        Files.writeString(dir.resolve("no-text.md"), "---\nid: empty\ntitle: Empty\n---\n\n");
        Files.writeString(dir.resolve("notes.txt"), "not an article");

        var folder = KnowledgeBase.load(dir.toString(), embeddingModel);

        assertThat(folder.size()).isEqualTo(1);
        var answer = new EmbeddedResponder(folder, new PersonalData(), PROPERTIES)
                .answer(new Question("c-3", "how many points do I get per euro I spend?", null, null));
        assertThat(answer).isInstanceOfSatisfying(AiAnswer.Reply.class,
                r -> assertThat(r.citations().get(0).articleId()).isEqualTo("loyalty"));
    }
}
