package io.switchboard.responder;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.embedding.BgeSmallEmbeddingModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When the AI asks back, measured on the shipped knowledge: vague questions about the store get one
 * question naming the two closest articles' topics; questions the knowledge answers outright, and
 * questions about nothing the store knows, get none.
 */
class ClarifierTest {

    private static Clarifier clarifier;

    @BeforeAll
    static void loadTheModelOnce() {
        clarifier = new Clarifier(KnowledgeBase.load("", BgeSmallEmbeddingModel.instance()), new PersonalData(),
                AiProperties.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the thing I bought|warranty-damaged|change-cancel-order",
            "it's about the item|returns-refunds|change-cancel-order",
            "I'd like to talk about my purchase|returns-refunds|order-status",
            "my stuff|change-cancel-order|warranty-damaged"})
    void aVagueQuestionGetsOneQuestionNamingTheTwoClosestArticles(String message, String first, String second) {
        var question = clarifier.clarify(new Question("c-1", message, "en", null)).orElseThrow();
        assertThat(question.citations()).extracting(AiAnswer.Citation::articleId).containsExactly(first, second);
        assertThat(question.citations()).allSatisfy(c -> assertThat(c.score()).isBetween(0.62, 0.70));
        assertThat(question.text()).startsWith("Automated assistant:")
                .contains("is your question about " + clarifier.topic(first) + ", or about " + clarifier.topic(second)
                        + "?")
                .endsWith("Say or write \"agent\" at any time to reach a person.");
        assertThat(question.detail()).containsEntry("clarify", first + "," + second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"how can I send back a jacket that doesn't fit me?", "Which payment methods do you accept?",
            "what's the weather on Mars", "write me a poem about the sea", "how do I bake sourdough bread",
            "should I buy bitcoin now", "tell me a joke", "Can you recommend a good pizza place near the central station?"})
    void aQuestionTheKnowledgeAnswersOrKnowsNothingAboutGetsNoQuestion(String message) {
        assertThat(clarifier.clarify(new Question("c-2", message, "en", null))).isEmpty();
    }

    @Test
    void theTopicIsTheFrontMattersOrTheTitle() {
        assertThat(clarifier.topic("returns-refunds")).isEqualTo("returning an item or a refund");
        var article = KnowledgeBase.parse("a.md", "---\nid: a\ntitle: Store pickup\n---\nPick up in store.").orElseThrow();
        assertThat(article.topic()).isEqualTo("Store pickup");
        assertThat(clarifier.topic("no-such-article")).isEmpty();
    }
}
