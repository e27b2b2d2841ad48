package io.switchboard.routing;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.switchboard.embedding.BgeSmallEmbeddingModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code eval-intents}: measures the intent classifier on labelled data without starting the gateway,
 * so a change to the classifier or its threshold is judged by figures. Trains on the training file
 * only, classifies the test file in batches, prints the time of each phase and, as the last line,
 * {@code accuracy=… macro_f1=… abstain_rate=… oos_recall=… per_second=…}.
 */
public final class IntentEvaluation {

    static final String USAGE = "usage: eval-intents --train FILE.csv --test FILE.csv [--out-of-scope-label LABEL] "
            + "[--threshold X] [--wording-alone X]";
    private static final int BATCH = 256;
    private static final int WARM_UP = 1024;

    private IntentEvaluation() {
    }

    public static void main(String[] args) {
        quietLibraryLogs();
        int status = run(args, BgeSmallEmbeddingModel::instance, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the evaluation; returns the process exit status. */
    static int run(String[] args, Supplier<EmbeddingModel> models, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            String oosLabel = options.get("--out-of-scope-label");
            ClassifierProperties properties = ClassifierProperties.defaults();
            if (options.containsKey("--threshold")) {
                properties = properties.withThreshold(Double.parseDouble(options.get("--threshold")));
            }
            if (options.containsKey("--wording-alone")) {
                properties = properties.withWordingAlone(Double.parseDouble(options.get("--wording-alone")));
            }
            List<LabelledCsv.Row> train = LabelledCsv.read(Path.of(options.get("--train")));
            List<LabelledCsv.Row> test = LabelledCsv.read(Path.of(options.get("--test")));

            long started = System.nanoTime();
            EmbeddingModel model = models.get();
            out.printf(Locale.ROOT, "load model: %d ms%n", millisSince(started));

            Map<String, List<String>> examples = new LinkedHashMap<>();
            for (LabelledCsv.Row row : train) {
                if (!row.category().equals(oosLabel)) {
                    examples.computeIfAbsent(row.category(), c -> new ArrayList<>()).add(row.text());
                }
            }
            started = System.nanoTime();
            IntentClassifier classifier = IntentClassifier.train(model, examples, properties);
            out.printf(Locale.ROOT, "train: %d examples, %d intents, %d ms%n",
                    examples.values().stream().mapToInt(List::size).sum(), examples.size(), millisSince(started));

            // the figure is the warmed-up rate of a running gateway, not the JIT's first passes
            List<String> warmUp = train.stream().limit(WARM_UP).map(LabelledCsv.Row::text).toList();
            started = System.nanoTime();
            classifier.classifyAll(warmUp);
            out.printf(Locale.ROOT, "warm up: %d training messages, %d ms%n", warmUp.size(), millisSince(started));

            started = System.nanoTime();
            List<Classification> results = new ArrayList<>(test.size());
            for (int from = 0; from < test.size(); from += BATCH) {
                List<String> texts = test.subList(from, Math.min(test.size(), from + BATCH)).stream()
                        .map(LabelledCsv.Row::text).toList();
                results.addAll(classifier.classifyAll(texts));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long wordingAlone = results.stream().filter(c -> !c.abstained() && Double.isNaN(c.nearest())).count();
            out.printf(Locale.ROOT, "classify: %d messages, %d ms (threshold %.2f, min similarity %.2f); "
                            + "%d decided by the n-gram head alone (above %.2f), the rest embedded%n",
                    test.size(), Math.round(seconds * 1000), properties.threshold(), properties.minSimilarity(),
                    wordingAlone, properties.wordingAlone());

            Scores scores = Scores.of(test.stream().map(LabelledCsv.Row::category).toList(), results, oosLabel);
            out.println(scores.line(test.size() / seconds));
            return 0;
        } catch (Exception e) {
            err.println("eval-intents failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The figures: accuracy over in-scope rows (an abstention counts as wrong), macro-F1 over the
     * in-scope classes of the test set, abstain rate over in-scope rows, and the share of
     * out-of-scope rows that were abstained on (null when there is no out-of-scope label or row).
     */
    record Scores(int inScope, double accuracy, double macroF1, double abstainRate, Double oosRecall) {

        static Scores of(List<String> gold, List<Classification> predicted, String oosLabel) {
            Map<String, int[]> counts = new HashMap<>();
            TreeSet<String> classes = new TreeSet<>();
            int inScope = 0;
            int correct = 0;
            int abstained = 0;
            int oos = 0;
            int oosAbstained = 0;
            for (int i = 0; i < gold.size(); i++) {
                String truth = gold.get(i);
                Classification c = predicted.get(i);
                if (truth.equals(oosLabel)) {
                    oos++;
                    oosAbstained += c.abstained() ? 1 : 0;
                } else {
                    inScope++;
                    classes.add(truth);
                    correct += truth.equals(c.intent()) ? 1 : 0;
                    abstained += c.abstained() ? 1 : 0;
                }
                // index 0: true positives, 1: false positives, 2: false negatives
                if (c.intent() != null && c.intent().equals(truth)) {
                    counts.computeIfAbsent(truth, k -> new int[3])[0]++;
                } else {
                    if (c.intent() != null) {
                        counts.computeIfAbsent(c.intent(), k -> new int[3])[1]++;
                    }
                    if (!truth.equals(oosLabel)) {
                        counts.computeIfAbsent(truth, k -> new int[3])[2]++;
                    }
                }
            }
            double f1 = 0;
            for (String cls : classes) {
                int[] n = counts.getOrDefault(cls, new int[3]);
                int denominator = 2 * n[0] + n[1] + n[2];
                f1 += denominator == 0 ? 0 : 2.0 * n[0] / denominator;
            }
            return new Scores(inScope, ratio(correct, inScope), classes.isEmpty() ? 0 : f1 / classes.size(),
                    ratio(abstained, inScope), oosLabel == null || oos == 0 ? null : ratio(oosAbstained, oos));
        }

        String line(double perSecond) {
            return String.format(Locale.ROOT, "accuracy=%.4f macro_f1=%.4f abstain_rate=%.4f oos_recall=%s per_second=%.1f",
                    accuracy, macroF1, abstainRate,
                    oosRecall == null ? "n/a" : String.format(Locale.ROOT, "%.4f", oosRecall), perSecond);
        }

        private static double ratio(int part, int whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!List.of("--train", "--test", "--out-of-scope-label", "--threshold", "--wording-alone").contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        if (!options.containsKey("--train") || !options.containsKey("--test")) {
            throw new IllegalArgumentException("--train and --test are required");
        }
        return options;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Without Spring Boot's logging set-up, Logback would print the libraries' debug output. */
    private static void quietLibraryLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            context.getLogger("io.switchboard").setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }
}
