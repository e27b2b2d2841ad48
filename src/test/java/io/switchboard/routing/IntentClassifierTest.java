package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.switchboard.embedding.BgeSmallEmbeddingModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IntentClassifierTest {

    static final Map<String, List<String>> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("order_status", List.of(
                "Where is my order?", "My package has not arrived yet", "When will my parcel be delivered?",
                "Can you track my shipment?", "I ordered a week ago and still nothing", "What is the status of my order?",
                "Has my order shipped?", "The delivery is late", "I am still waiting for my delivery",
                "How long until my order arrives?"));
        EXAMPLES.put("reset_password", List.of(
                "I forgot my password", "How do I reset my password?", "I can't log in to my account",
                "My password doesn't work", "I am locked out of my account", "Send me a password reset link",
                "The login page says my password is wrong", "How can I change my password?",
                "I never received the reset email", "Help me get back into my account"));
        EXAMPLES.put("cancel_subscription", List.of(
                "I want to cancel my subscription", "How do I stop my membership?", "Please end my plan",
                "Cancel my account renewal", "I don't want to be charged every month anymore",
                "How can I unsubscribe from the premium plan?", "Stop my recurring payment",
                "I'd like to terminate my contract", "Turn off auto-renew", "Close my subscription please"));
        EXAMPLES.put("update_address", List.of(
                "I moved and need to change my address", "Update my shipping address",
                "How do I change my delivery address?", "My address is wrong on my account",
                "I have a new home address", "Can I edit the address on my profile?",
                "Please correct my postal address", "Change where my orders are sent",
                "I need to update my billing address", "The street name in my address is misspelled"));
    }

    static EmbeddingModel model;
    static IntentClassifier classifier;

    @BeforeAll
    static void train() {
        model = BgeSmallEmbeddingModel.instance();
        classifier = IntentClassifier.train(model, EXAMPLES, ClassifierProperties.defaults());
    }

    @Test
    void theConfidenceCheckWeighsSimilarityAndProbabilityTogetherAndIsOffByDefault() {
        var defaults = ClassifierProperties.defaults();
        assertThat(defaults.accepts(0.35, 0.70)).as("above both thresholds").isTrue();
        assertThat(defaults.accepts(0.25, 0.90)).as("below the probability threshold").isFalse();
        assertThat(defaults.accepts(0.90, 0.60)).as("below the similarity threshold").isFalse();

        var strict = defaults.withMinConfidence(0.95);
        assertThat(strict.accepts(0.50, 0.86)).as("0.86 + 0.2 × 0.5 = 0.96").isTrue();
        assertThat(strict.accepts(0.35, 0.86)).as("0.86 + 0.2 × 0.35 = 0.93").isFalse();
        assertThat(strict.accepts(0.95, Double.NaN)).as("decided by the n-gram head alone: nothing to compare").isTrue();
        assertThatThrownBy(() -> defaults.withMinConfidence(1.5))
                .hasMessageContaining("min-confidence");
    }

    @Test
    void classifiesParaphrasesItWasNotTrainedOn() {
        List<String> texts = List.of(
                "my parcel still hasn't shown up, where is it",
                "I can't remember my password, what do I do",
                "I'd like to stop paying for the monthly plan",
                "I relocated, please change the address you have for me");
        List<Classification> results = classifier.classifyAll(texts);

        assertThat(results).extracting(Classification::intent)
                .containsExactly("order_status", "reset_password", "cancel_subscription", "update_address");
        assertThat(results).allSatisfy(c -> {
            assertThat(c.abstained()).isFalse();
            assertThat(c.score()).isGreaterThanOrEqualTo(ClassifierProperties.defaults().threshold());
        });
    }

    @Test
    void abstainsOnAQuestionNoIntentCovers() {
        Classification result = classifier.classify("What is the capital of France?");

        assertThat(result.abstained()).isTrue();
        assertThat(result.intent()).isNull();
        assertThat(result.best()).isIn(EXAMPLES.keySet());
    }

    @Test
    void abstainsOnAnEmptyMessageWithoutFailing() {
        assertThat(classifier.classifyAll(List.of("   ", "Where is my order?")))
                .extracting(Classification::intent).containsExactly(null, "order_status");
    }

    @Test
    void theSameExamplesGiveTheSameClassifier() {
        IntentClassifier again = IntentClassifier.train(model, EXAMPLES, ClassifierProperties.defaults());
        String text = "is my package on its way";

        assertThat(again.classify(text).score()).isEqualTo(classifier.classify(text).score());
    }

    @Test
    void whatTheNgramHeadAloneIsSureOfIsNotEmbeddedAndTheRestIs() {
        var counting = new CountingModel(model);
        // with forty examples the n-gram head is seldom as sure as the default asks: a lower bar here
        ClassifierProperties properties = ClassifierProperties.defaults().withWordingAlone(0.6);
        IntentClassifier cascade = IntentClassifier.train(counting, EXAMPLES, properties);
        IntentClassifier whole = IntentClassifier.train(model, EXAMPLES,
                ClassifierProperties.defaults().withWordingAlone(1));
        counting.embedded.set(0);

        List<String> texts = List.of("I want to cancel my subscription", "What is the capital of France?",
                "my parcel still hasn't shown up, where is it");
        List<Classification> results = cascade.classifyAll(texts);

        Classification sure = results.get(0);
        assertThat(sure.intent()).isEqualTo("cancel_subscription");
        assertThat(sure.score()).isGreaterThan(properties.wordingAlone());
        assertThat(sure.nearest()).as("not embedded").isNaN();
        assertThat(results.get(1).abstained()).isTrue();
        assertThat(results.get(1).nearest()).isLessThan(ClassifierProperties.defaults().minSimilarity());
        assertThat(results.get(2).intent()).isEqualTo("order_status");
        assertThat(counting.embedded.get()).as("only the two the n-gram head was unsure of").isEqualTo(2);
        assertThat(whole.classifyAll(texts)).extracting(Classification::intent)
                .containsExactly("cancel_subscription", null, "order_status");
        assertThat(whole.classify(texts.get(0)).nearest()).as("with wording-alone 1 everything is embedded").isNotNaN();
    }

    @Test
    void withoutIntentsItAbstainsOnEverything() {
        IntentClassifier empty = IntentClassifier.train(model, Map.of(), ClassifierProperties.defaults());

        assertThat(empty.classify("Where is my order?").abstained()).isTrue();
    }

    /** Counts the texts it embeds. */
    static final class CountingModel implements EmbeddingModel {
        final AtomicInteger embedded = new AtomicInteger();
        private final EmbeddingModel delegate;

        CountingModel(EmbeddingModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            embedded.addAndGet(segments.size());
            return delegate.embedAll(segments);
        }
    }
}
