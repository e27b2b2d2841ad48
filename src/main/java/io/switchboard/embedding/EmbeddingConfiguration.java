package io.switchboard.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one in-process embedding model ({@link BgeSmallEmbeddingModel}, shipped in the jar): the intent
 * classifier and the knowledge retrieval both use it, so it is loaded once per process.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddingConfiguration {

    @Bean
    EmbeddingModel embeddingModel() {
        return BgeSmallEmbeddingModel.instance();
    }
}
