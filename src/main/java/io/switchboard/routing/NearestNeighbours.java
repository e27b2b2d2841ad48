package io.switchboard.routing;

import java.util.Arrays;
import java.util.List;

/**
 * A k-nearest-neighbour vote over normalised embeddings (cosine similarity): the share of the k
 * closest examples that carry each intent. It keeps rare phrasings that a linear head averages away.
 * <p>
 * Queries are scored in groups against blocks of examples that stay in the CPU cache: with ten
 * thousand examples the matrix is larger than the cache, and streaming it once per query made the
 * vote slower than the embedding model itself.
 */
final class NearestNeighbours {

    private static final int BLOCK = 256;

    private final float[] examples;
    private final int[] labels;
    private final int dimension;
    private final int k;

    NearestNeighbours(List<float[]> embeddings, int[] labels, int k) {
        this.dimension = embeddings.get(0).length;
        this.examples = new float[embeddings.size() * dimension];
        for (int i = 0; i < embeddings.size(); i++) {
            System.arraycopy(embeddings.get(i), 0, examples, i * dimension, dimension);
        }
        this.labels = labels.clone();
        this.k = Math.min(k, labels.length);
    }

    /**
     * Adds each intent's vote share for query q, times {@code weight}, to {@code out[q]}.
     *
     * @return for each query, its similarity to the closest example
     */
    float[] vote(List<float[]> queries, double weight, List<double[]> out) {
        int q = queries.size();
        int[][] best = new int[q][k];
        float[][] bestSimilarity = new float[q][k];
        for (float[] row : bestSimilarity) {
            Arrays.fill(row, Float.NEGATIVE_INFINITY);
        }
        for (int start = 0; start < labels.length; start += BLOCK) {
            int end = Math.min(labels.length, start + BLOCK);
            for (int j = 0; j < q; j++) {
                float[] query = queries.get(j);
                for (int i = start; i < end; i++) {
                    float similarity = dot(query, i * dimension);
                    if (similarity > bestSimilarity[j][k - 1]) {
                        insert(best[j], bestSimilarity[j], i, similarity);
                    }
                }
            }
        }
        float[] nearest = new float[q];
        for (int j = 0; j < q; j++) {
            for (int n = 0; n < k; n++) {
                out.get(j)[labels[best[j][n]]] += weight / k;
            }
            nearest[j] = bestSimilarity[j][0];
        }
        return nearest;
    }

    private float dot(float[] query, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dimension; d += 4) {
            s0 += query[d] * examples[offset + d];
            s1 += query[d + 1] * examples[offset + d + 1];
            s2 += query[d + 2] * examples[offset + d + 2];
            s3 += query[d + 3] * examples[offset + d + 3];
        }
        for (; d < dimension; d++) {
            s0 += query[d] * examples[offset + d];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void insert(int[] best, float[] bestSimilarity, int example, float similarity) {
        int position = best.length - 1;
        while (position > 0 && bestSimilarity[position - 1] < similarity) {
            bestSimilarity[position] = bestSimilarity[position - 1];
            best[position] = best[position - 1];
            position--;
        }
        bestSimilarity[position] = similarity;
        best[position] = example;
    }
}
