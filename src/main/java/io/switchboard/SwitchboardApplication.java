package io.switchboard;

import io.switchboard.embedding.BgeSmallEmbeddingModel;
import io.switchboard.responder.RetrievalEvaluation;
import io.switchboard.routing.IntentEvaluation;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SwitchboardApplication {

    /**
     * JVM-wide settings, each only where the operator set none with {@code -D}, before anything uses them:
     * <ul>
     * <li>the common pool: with fewer than 3 cores the JDK gives it one thread, and then
     * {@code CompletableFuture} and Hazelcast run every asynchronous callback on a new thread of its
     * own, thousands at start (the maps loading from the database, partition by partition) and one
     * per map operation completed later. Two threads at least keep them on a pool;</li>
     * <li>the XML parser and transformer: without a name JAXP searches every library of the packaged
     * jar for another implementation on each {@code newInstance()}, which every TwiML answer calls
     * twice. None of the libraries brings one, so naming the JDK's own changes nothing but the search.</li>
     * </ul>
     */
    static final Map<String, String> JVM_DEFAULTS = Map.of(
            "java.util.concurrent.ForkJoinPool.common.parallelism",
            Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)),
            "javax.xml.parsers.DocumentBuilderFactory", "com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl",
            "javax.xml.transform.TransformerFactory", "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");

    static void applyJvmDefaults() {
        JVM_DEFAULTS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }

    public static void main(String[] args) {
        applyJvmDefaults();
        if (args.length > 0 && args[0].equals("eval-intents")) {
            IntentEvaluation.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("eval-retrieval")) {
            RetrievalEvaluation.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // the embedding model (about a second) loads on the other core while Spring reads its configuration
        Thread loader = new Thread(BgeSmallEmbeddingModel::instance, "embedding-model-load");
        loader.setDaemon(true);
        loader.start();
        SpringApplication.run(SwitchboardApplication.class, args);
    }
}
