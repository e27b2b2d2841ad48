package io.switchboard;

import io.switchboard.embedding.BgeSmallEmbeddingModel;
import io.switchboard.routing.IntentEvaluation;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SwitchboardApplication {

    /**
     * With fewer than 3 cores the JDK's common pool has one thread, and then {@code CompletableFuture}
     * and Hazelcast run every asynchronous callback on a new thread of its own: thousands at start (the
     * maps loading from the database, partition by partition) and one per map operation completed
     * later. Two threads at least keep them on a pool. Set before anything touches the pool; an
     * operator's own {@code -D} setting wins.
     */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM,
                    Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
        if (args.length > 0 && args[0].equals("eval-intents")) {
            IntentEvaluation.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // the embedding model (about a second) loads on the other core while Spring reads its configuration
        Thread loader = new Thread(BgeSmallEmbeddingModel::instance, "embedding-model-load");
        loader.setDaemon(true);
        loader.start();
        SpringApplication.run(SwitchboardApplication.class, args);
    }
}
