package io.switchboard.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgeSmallEmbeddingModelTest {

    private static final List<String> TEXTS = List.of(
            "Where is my parcel?",
            "I was charged twice for the same order, please refund one of them",
            "¿Puedo cambiar la dirección de entrega?",
            "hi",
            "My card 4111 1111 1111 1111 was declined at the checkout although the bank says everything is fine "
                    + "and I have tried three times since yesterday evening");

    @Test
    void itsVectorsAreTheLibraryModelsWhetherEmbeddedOneByOneOrTogether() {
        EmbeddingModel library = new BgeSmallEnV15QuantizedEmbeddingModel();
        EmbeddingModel tuned = BgeSmallEmbeddingModel.instance();

        var together = tuned.embedAll(TEXTS.stream().map(TextSegment::from).toList()).content();

        assertThat(together).hasSize(TEXTS.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = library.embed(TEXTS.get(i)).content().vector();
            assertThat(together.get(i).vector()).hasSize(384);
            assertThat(cosine(together.get(i).vector(), expected)).as(TEXTS.get(i)).isGreaterThan(0.9999);
            assertThat(cosine(tuned.embed(TEXTS.get(i)).content().vector(), expected)).isGreaterThan(0.9999);
        }
        assertThat(cosine(together.get(0).vector(), together.get(1).vector())).isLessThan(0.9);
        assertThat(tuned.dimension()).isEqualTo(384);
    }

    @Test
    void aTextEmbeddedAgainSoonIsNotRunThroughTheModelAgain() {
        EmbeddingModel model = BgeSmallEmbeddingModel.instance();
        String text = "Can I pay by invoice? " + System.nanoTime();

        var first = model.embed(text).content();
        var again = model.embed(text).content();
        var other = model.embed(text + " Thanks").content();

        assertThat(again).as("the remembered vector").isSameAs(first);
        assertThat(other).isNotSameAs(first);
        assertThat(cosine(other.vector(), first.vector())).isLessThan(0.9999);
        for (int i = 0; i < 100; i++) {
            model.embed("filler text number " + i);
        }
        assertThat(model.embed(text).content()).as("forgotten after many other texts").isNotSameAs(first)
                .isEqualTo(first);
    }

    @Test
    void thereIsOneModelPerProcess() {
        assertThat(BgeSmallEmbeddingModel.instance()).isSameAs(BgeSmallEmbeddingModel.instance());
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
