package io.switchboard.responder;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one in-process embedding model (bge-small-en-v1.5, quantised, ONNX, shipped in the jar): the
 * intent classifier and the knowledge retrieval both use it, so it is loaded once per process. The
 * model is immutable and thread-safe; loading it takes seconds and tens of megabytes, so gateways
 * started side by side in one JVM (tests, a benchmark) share it rather than load it each.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddingConfiguration {

    @Bean
    EmbeddingModel embeddingModel() {
        return Shared.MODEL;
    }

    /** Loaded on first use, once per process (the holder idiom). */
    private static final class Shared {
        static final EmbeddingModel MODEL = new BgeSmallEnV15QuantizedEmbeddingModel();
    }
}
