package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {

    private static final int DIMENSION = 24;
    private static final int INTENTS = 7;

    @Test
    void theVoteAndTheClosestSimilarityAreThoseOfABruteForceSearchAcrossBlocks() {
        var random = new Random(11);
        // more than two blocks of 256, the last one partly filled
        List<float[]> examples = IntStream.range(0, 600).mapToObj(i -> unit(random)).toList();
        int[] labels = IntStream.range(0, examples.size()).map(i -> random.nextInt(INTENTS)).toArray();
        List<float[]> queries = IntStream.range(0, 40).mapToObj(i -> unit(random)).toList();
        int k = 5;
        var neighbours = new NearestNeighbours(examples, labels, k);

        List<double[]> votes = new ArrayList<>();
        queries.forEach(q -> votes.add(new double[INTENTS]));
        float[] closest = neighbours.vote(queries, 0.5, votes);

        for (int j = 0; j < queries.size(); j++) {
            float[] query = queries.get(j);
            List<Integer> byDistance = IntStream.range(0, examples.size()).boxed()
                    .sorted(Comparator.comparingDouble(i -> -dot(query, examples.get(i)))).toList();
            double[] expected = new double[INTENTS];
            byDistance.subList(0, k).forEach(i -> expected[labels[i]] += 0.5 / k);
            assertThat(votes.get(j)).containsExactly(expected, within(1e-9));
            assertThat(closest[j]).isCloseTo((float) dot(query, examples.get(byDistance.get(0))), within(1e-5f));
        }
    }

    @Test
    void fewerExamplesThanNeighboursVoteWithWhatThereIs() {
        var random = new Random(3);
        var neighbours = new NearestNeighbours(List.of(unit(random), unit(random)), new int[] {0, 1}, 5);
        List<double[]> votes = List.of(new double[2]);

        neighbours.vote(List.of(unit(random)), 1.0, votes);

        assertThat(votes.get(0)).containsExactly(new double[] {0.5, 0.5}, within(1e-9));
    }

    private static float[] unit(Random random) {
        float[] v = new float[DIMENSION];
        double norm = 0;
        for (int d = 0; d < DIMENSION; d++) {
            v[d] = (float) random.nextGaussian();
            norm += v[d] * v[d];
        }
        for (int d = 0; d < DIMENSION; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }
}
