package io.switchboard.routing;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.switchboard.embedding.BgeSmallEmbeddingModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code eval-intents}: measures the intent classifier on labelled data without starting the gateway,
 * so a change to the classifier or its threshold is judged by figures. Trains on the training file
 * only, classifies the test file in batches, prints the time of each phase and, as the last line,
 * {@code accuracy=… macro_f1=… abstain_rate=… oos_recall=… per_second=…}.
 *
 * <p>Out of scope: {@code --hold-out N} takes N intents of the training file (shuffled with
 * {@code --seed}) out of the classifier's reach, never trained on; their test rows must be abstained on.
 * {@code --dev F} measures on the training file alone: F of each other intent's rows are held back as
 * the test, with the held-out intents' rows (the way to choose thresholds without looking at the test
 * file). {@code --sweep} prints in-scope accuracy and out-of-scope recall for a grid of abstain settings
 * from the same classifications.
 */
public final class IntentEvaluation {

    static final String USAGE = "usage: eval-intents --train FILE.csv (--test FILE.csv | --dev FRACTION) "
            + "[--out-of-scope-label LABEL] [--hold-out N] [--seed N] [--threshold X] [--min-similarity X] "
            + "[--min-confidence X] [--wording-alone X] [--sweep]";
    static final String HELD_OUT = "out_of_scope";
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
            int holdOut = Integer.parseInt(options.getOrDefault("--hold-out", "0"));
            String oosLabel = options.getOrDefault("--out-of-scope-label", holdOut > 0 ? HELD_OUT : null);
            ClassifierProperties properties = ClassifierProperties.defaults();
            if (options.containsKey("--threshold")) {
                properties = properties.withThreshold(Double.parseDouble(options.get("--threshold")));
            }
            if (options.containsKey("--min-similarity")) {
                properties = properties.withMinSimilarity(Double.parseDouble(options.get("--min-similarity")));
            }
            if (options.containsKey("--min-confidence")) {
                properties = properties.withMinConfidence(Double.parseDouble(options.get("--min-confidence")));
            }
            if (options.containsKey("--wording-alone")) {
                properties = properties.withWordingAlone(Double.parseDouble(options.get("--wording-alone")));
            }
            List<LabelledCsv.Row> train = LabelledCsv.read(Path.of(options.get("--train")));
            Split split = Split.of(train, options.containsKey("--test") ? LabelledCsv.read(Path.of(options.get("--test")))
                            : null, Double.parseDouble(options.getOrDefault("--dev", "0")), holdOut,
                    Long.parseLong(options.getOrDefault("--seed", "1")), oosLabel);
            List<LabelledCsv.Row> test = split.test();
            if (!split.heldOut().isEmpty()) {
                out.printf(Locale.ROOT, "held out as out of scope (%d): %s%n", split.heldOut().size(),
                        String.join(", ", split.heldOut()));
            }

            long started = System.nanoTime();
            EmbeddingModel model = models.get();
            out.printf(Locale.ROOT, "load model: %d ms%n", millisSince(started));

            Map<String, List<String>> examples = split.examples();
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

            List<String> gold = test.stream().map(LabelledCsv.Row::category).toList();
            if (options.containsKey("--sweep")) {
                sweep(gold, results, properties, oosLabel, out);
            }
            Scores scores = Scores.of(gold, results, oosLabel);
            out.println(scores.line(test.size() / seconds));
            return 0;
        } catch (Exception e) {
            err.println("eval-intents failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * What one run trains on and tests: the training file's examples but the held-out intents' (and,
     * with {@code dev}, but the rows held back as the test), and the test rows, the held-out intents'
     * labelled out of scope.
     */
    record Split(Map<String, List<String>> examples, List<LabelledCsv.Row> test, List<String> heldOut) {

        static Split of(List<LabelledCsv.Row> train, List<LabelledCsv.Row> test, double dev, int holdOut, long seed,
                        String oosLabel) {
            if ((test == null) == (dev <= 0) || dev >= 1) {
                throw new IllegalArgumentException("give either --test FILE or --dev FRACTION (between 0 and 1)");
            }
            var intents = new ArrayList<>(new TreeSet<>(train.stream().map(LabelledCsv.Row::category)
                    .filter(c -> !c.equals(oosLabel)).toList()));
            if (holdOut < 0 || holdOut >= intents.size()) {
                throw new IllegalArgumentException("--hold-out must leave at least one of the " + intents.size()
                        + " intents");
            }
            Collections.shuffle(intents, new Random(seed));
            var heldOut = new TreeSet<>(intents.subList(0, holdOut));
            var random = new Random(seed + 1);
            Map<String, List<String>> examples = new LinkedHashMap<>();
            var tested = new ArrayList<LabelledCsv.Row>();
            for (LabelledCsv.Row row : train) {
                boolean outOfScope = row.category().equals(oosLabel) || heldOut.contains(row.category());
                if (test == null && (outOfScope || random.nextDouble() < dev)) {
                    tested.add(outOfScope ? new LabelledCsv.Row(row.text(), oosLabel) : row);
                } else if (!outOfScope) {
                    examples.computeIfAbsent(row.category(), c -> new ArrayList<>()).add(row.text());
                }
            }
            if (test != null) {
                test.forEach(row -> tested.add(heldOut.contains(row.category())
                        ? new LabelledCsv.Row(row.text(), oosLabel) : row));
            }
            return new Split(examples, tested, List.copyOf(heldOut));
        }
    }

    /** In-scope accuracy and out-of-scope recall for a grid of abstain settings, from the same classifications. */
    private static void sweep(List<String> gold, List<Classification> results, ClassifierProperties properties,
                              String oosLabel, PrintStream out) {
        out.println("threshold min_similarity min_confidence accuracy abstain_rate oos_recall");
        for (double threshold : new double[] {0.3, 0.35, 0.4, 0.5}) {
            for (double similarity : new double[] {0.65, 0.8, 0.82, 0.84, 0.86}) {
                for (double confidence : new double[] {0, 0.90, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97}) {
                    var settings = properties.withThreshold(threshold).withMinSimilarity(similarity)
                            .withMinConfidence(confidence);
                    List<Classification> again = results.stream().map(c -> c.best() == null ? c
                            : settings.accepts(c.score(), c.nearest())
                            ? new Classification(c.best(), c.score(), c.best(), false, c.nearest())
                            : new Classification(null, c.score(), c.best(), true, c.nearest())).toList();
                    Scores s = Scores.of(gold, again, oosLabel);
                    out.printf(Locale.ROOT, "%.2f %.2f %.2f %.4f %.4f %s%n", threshold, similarity, confidence,
                            s.accuracy(), s.abstainRate(), s.oosRecall() == null ? "n/a"
                                    : String.format(Locale.ROOT, "%.4f", s.oosRecall()));
                }
            }
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
            if (name.equals("--sweep")) {
                options.put(name, "true");
                continue;
            }
            if (!List.of("--train", "--test", "--dev", "--out-of-scope-label", "--hold-out", "--seed", "--threshold",
                    "--min-similarity", "--min-confidence", "--wording-alone").contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        if (!options.containsKey("--train") || options.containsKey("--test") == options.containsKey("--dev")) {
            throw new IllegalArgumentException("--train and one of --test or --dev are required");
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
