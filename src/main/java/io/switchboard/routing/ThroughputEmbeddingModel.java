package io.switchboard.routing;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * bge-small-en-v1.5 (quantised), the same model and pooling as {@link BgeSmallEnV15QuantizedEmbeddingModel},
 * set up for batch throughput: one ONNX thread per inference and one inference per core. The
 * default lets each inference use every core while LangChain4j runs one inference per core in
 * parallel, so the threads fight; on two busy cores this set-up embedded 40 % more messages per
 * second. Used by {@code eval-intents}; the same idea would serve the application's shared model.
 */
final class ThroughputEmbeddingModel extends AbstractInProcessEmbeddingModel {

    private static final String MODEL = "bge-small-en-v1.5-q.onnx";
    private static final String TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    private ThroughputEmbeddingModel(ExecutorService executor, OnnxBertBiEncoder encoder) {
        super(executor);
        this.encoder = encoder;
    }

    static EmbeddingModel create(int threads) {
        ClassLoader loader = BgeSmallEnV15QuantizedEmbeddingModel.class.getClassLoader();
        try (InputStream model = loader.getResourceAsStream(MODEL);
             InputStream tokenizer = loader.getResourceAsStream(TOKENIZER);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (model == null || tokenizer == null) {
                throw new IllegalStateException("the bge-small-en-v1.5-q model is not on the classpath");
            }
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "embedding");
                thread.setDaemon(true);
                return thread;
            });
            return new ThroughputEmbeddingModel(executor, new OnnxBertBiEncoder(environment, session, tokenizer,
                    PoolingMode.CLS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot start the embedding model", e);
        }
    }

    @Override
    public String modelName() {
        return "bge-small-en-v1.5-q, one ONNX thread per inference";
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return 384;
    }
}
