package io.switchboard.routing;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells which configured intent a customer message expresses, or abstains when it is not sure, so
 * an unknown request goes to a person rather than to a wrong automated answer.
 * <p>
 * An ensemble, each part seeing something the others miss, trained at start-up from the intents'
 * examples: a softmax regression over the sentence embedding (meaning), a softmax regression over
 * TF-IDF word and character n-grams (exact terms, misspellings), and a k-nearest-neighbour vote over
 * the embeddings (rare phrasings). Their averaged probability of the best intent is the score that
 * the abstain threshold is compared with. The n-gram head is cheap and the embedding is not, so the
 * n-gram head goes first and, where it alone is very sure, decides without the rest (a cascade;
 * see {@link ClassifierProperties#wordingAlone()}). Measured on banking77 by {@code eval-intents}.
 */
@Component
public class IntentClassifier {

    private static final Logger log = LoggerFactory.getLogger(IntentClassifier.class);
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 0.01;
    private static final double L2 = 1e-5;

    private final EmbeddingModel embeddingModel;
    private final ClassifierProperties properties;
    private final double threshold;
    private final double wordingAlone;
    private final List<String> intents;
    private final SoftmaxRegression meaning;
    private final TextFeatures terms;
    private final SoftmaxRegression wording;
    private final NearestNeighbours neighbours;

    @Autowired
    IntentClassifier(EmbeddingModel embeddingModel, RoutingProperties routing, ClassifierProperties properties) {
        this(embeddingModel, examplesOf(routing), properties);
    }

    private IntentClassifier(EmbeddingModel embeddingModel, Map<String, List<String>> examples,
                             ClassifierProperties properties) {
        this(embeddingModel, Examples.of(examples), null, properties);
    }

    /** Trains with embeddings already computed (null: computes them); used by the evaluation tooling. */
    IntentClassifier(EmbeddingModel embeddingModel, Examples examples, List<float[]> embeddings,
                     ClassifierProperties properties) {
        this.embeddingModel = embeddingModel;
        this.properties = properties;
        this.threshold = properties.threshold();
        this.wordingAlone = properties.wordingAlone();
        this.intents = examples.intents();
        if (intents.isEmpty()) {
            log.warn("no intents with examples are configured: the classifier abstains on every message");
            this.meaning = null;
            this.terms = null;
            this.wording = null;
            this.neighbours = null;
            return;
        }
        long started = System.nanoTime();
        List<float[]> vectors = embeddings != null ? embeddings : embed(embeddingModel, examples.texts());
        int[] labels = examples.labels();
        var training = new SoftmaxRegression.Training(properties.epochs(), BATCH, LEARNING_RATE, L2, properties.seed());
        int dimension = vectors.get(0).length;
        this.meaning = SoftmaxRegression.train(vectors.stream().map(SparseVector::dense).toList(), labels,
                dimension, intents.size(), training);
        this.terms = TextFeatures.fit(examples.texts(), 2);
        this.wording = SoftmaxRegression.train(examples.texts().stream().map(terms::transform).toList(), labels,
                terms.size(), intents.size(), training);
        this.neighbours = new NearestNeighbours(vectors, labels, properties.neighbours());
        log.info("intent classifier trained on {} examples of {} intents ({} n-gram features) in {} ms",
                labels.length, intents.size(), terms.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * A classifier trained without Spring, for the evaluation command and tests.
     *
     * @param examples intent name to example utterances
     */
    public static IntentClassifier train(EmbeddingModel embeddingModel, Map<String, List<String>> examples,
                                         ClassifierProperties properties) {
        return new IntentClassifier(embeddingModel, examples, properties);
    }

    public Classification classify(String text) {
        return classifyAll(List.of(text)).get(0);
    }

    /**
     * Classifies many messages at once; embedding them together is much faster than one by one.
     * The n-gram head goes first: where it alone is surer than {@code wording-alone}, its intent is
     * taken and the message is not embedded, the costly part of a classification.
     */
    public List<Classification> classifyAll(List<String> texts) {
        var result = new ArrayList<Classification>(Collections.nCopies(texts.size(), Classification.unknown()));
        if (intents.isEmpty()) {
            return result;
        }
        List<Integer> present = IntStream.range(0, texts.size())
                .filter(i -> texts.get(i) != null && !texts.get(i).isBlank()).boxed().toList();
        List<double[]> byWording = present.parallelStream().map(i -> {
            double[] p = new double[intents.size()];
            wording.probabilities(terms.transform(texts.get(i)), p);
            return p;
        }).toList();
        List<Integer> unsure = new ArrayList<>();
        for (int j = 0; j < present.size(); j++) {
            double[] p = byWording.get(j);
            int best = best(p);
            if (p[best] > wordingAlone && p[best] >= threshold) {
                result.set(present.get(j), new Classification(intents.get(best), p[best], intents.get(best), false));
            } else {
                unsure.add(j);
            }
        }
        if (unsure.isEmpty()) {
            return result;
        }
        List<float[]> vectors = embed(embeddingModel, unsure.stream().map(j -> texts.get(present.get(j))).toList());
        float[] nearest = new float[unsure.size()];
        List<double[]> probabilities = probabilities(vectors, unsure.stream().map(byWording::get).toList(), nearest);
        for (int k = 0; k < unsure.size(); k++) {
            result.set(present.get(unsure.get(k)), decide(probabilities.get(k), nearest[k]));
        }
        return result;
    }

    /**
     * The ensemble's probability of each intent, in {@link #intents()} order, for each text, from its
     * embedding and the n-gram head's probabilities; writes each text's similarity to its closest
     * example into {@code nearest}.
     */
    List<double[]> probabilities(List<float[]> embeddings, List<double[]> byWording, float[] nearest) {
        double weight = 1.0 / 3;
        List<double[]> sums = IntStream.range(0, embeddings.size()).parallel().mapToObj(i -> {
            double[] sum = new double[intents.size()];
            double[] part = new double[intents.size()];
            meaning.probabilities(SparseVector.dense(embeddings.get(i)), part);
            add(part, sum, weight);
            add(byWording.get(i), sum, weight);
            return sum;
        }).toList();
        IntStream.range(0, (embeddings.size() + BATCH - 1) / BATCH).parallel().forEach(chunk -> {
            int from = chunk * BATCH;
            int to = Math.min(embeddings.size(), from + BATCH);
            float[] closest = neighbours.vote(embeddings.subList(from, to), weight, sums.subList(from, to));
            System.arraycopy(closest, 0, nearest, from, closest.length);
        });
        return sums;
    }

    List<String> intents() {
        return intents;
    }

    private Classification decide(double[] probabilities, float nearest) {
        int best = best(probabilities);
        double score = probabilities[best];
        String name = intents.get(best);
        boolean sure = properties.accepts(score, nearest);
        return new Classification(sure ? name : null, score, name, !sure, nearest);
    }

    private static int best(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    private static void add(double[] part, double[] sum, double weight) {
        for (int c = 0; c < part.length; c++) {
            sum[c] += part[c] * weight;
        }
    }

    static List<float[]> embed(EmbeddingModel model, List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(IntentClassifier::normalised).toList();
    }

    private static float[] normalised(Embedding embedding) {
        float[] v = embedding.vector();
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inverse = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inverse;
        }
        return out;
    }

    private static Map<String, List<String>> examplesOf(RoutingProperties routing) {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        routing.intents().forEach((name, intent) -> examples.put(name, intent.examples()));
        return examples;
    }

    /** Training examples flattened: texts, their intent index, and the intents that have examples. */
    record Examples(List<String> intents, List<String> texts, int[] labels) {

        static Examples of(Map<String, List<String>> byIntent) {
            List<String> intents = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            byIntent.forEach((intent, utterances) -> {
                List<String> usable = utterances == null ? List.of()
                        : utterances.stream().filter(u -> u != null && !u.isBlank()).toList();
                if (!usable.isEmpty()) {
                    for (String utterance : usable) {
                        texts.add(utterance);
                        labels.add(intents.size());
                    }
                    intents.add(intent);
                }
            });
            return new Examples(List.copyOf(intents), List.copyOf(texts),
                    labels.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
