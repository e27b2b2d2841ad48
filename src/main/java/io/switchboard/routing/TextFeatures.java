package io.switchboard.routing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * TF-IDF over word unigrams, word bigrams and character 2- to 5-grams inside words. It catches
 * what a sentence embedding blurs: exact product words ("PIN", "top-up", "SWIFT") and misspellings.
 * Sublinear term frequency, smoothed idf, L2-normalised; the vocabulary is learnt once from the
 * training examples (terms seen in at least {@code minDocuments} of them).
 */
final class TextFeatures {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final Map<String, Integer> vocabulary;
    private final float[] idf;

    private TextFeatures(Map<String, Integer> vocabulary, float[] idf) {
        this.vocabulary = vocabulary;
        this.idf = idf;
    }

    static TextFeatures fit(List<String> texts, int minDocuments) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (String text : texts) {
            for (String term : new HashSet<>(terms(text))) {
                documentFrequency.merge(term, 1, Integer::sum);
            }
        }
        List<String> kept = documentFrequency.entrySet().stream()
                .filter(e -> e.getValue() >= minDocuments)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        Map<String, Integer> vocabulary = new HashMap<>();
        float[] idf = new float[kept.size()];
        for (String term : kept) {
            int index = vocabulary.size();
            vocabulary.put(term, index);
            idf[index] = (float) (Math.log((1.0 + texts.size()) / (1.0 + documentFrequency.get(term))) + 1);
        }
        return new TextFeatures(vocabulary, idf);
    }

    int size() {
        return idf.length;
    }

    SparseVector transform(String text) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String term : terms(text)) {
            Integer index = vocabulary.get(term);
            if (index != null) {
                counts.merge(index, 1, Integer::sum);
            }
        }
        int[] indices = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        float[] values = new float[indices.length];
        double norm = 0;
        for (int i = 0; i < indices.length; i++) {
            values[i] = (float) ((1 + Math.log(counts.get(indices[i]))) * idf[indices[i]]);
            norm += values[i] * values[i];
        }
        if (norm > 0) {
            float inverse = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < values.length; i++) {
                values[i] *= inverse;
            }
        }
        return new SparseVector(indices, values);
    }

    private static List<String> terms(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD))
                .replaceAll("");
        List<String> words = WORD.matcher(folded).results().map(r -> r.group()).toList();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            terms.add("w " + word);
            if (i > 0) {
                terms.add("b " + words.get(i - 1) + " " + word);
            }
            String padded = " " + word + " ";
            for (int n = 2; n <= 5; n++) {
                for (int start = 0; start + n <= padded.length(); start++) {
                    terms.add("c " + padded.substring(start, start + n));
                }
            }
        }
        return terms;
    }
}
