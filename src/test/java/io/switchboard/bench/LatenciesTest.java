package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.LoadGenerator.Latencies;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The benchmark's percentiles: nearest rank over whatever order the requests finished in. */
class LatenciesTest {

    static final long MS = 1_000_000;

    @Test
    void percentilesAreNearestRanksOfTheSortedDurations() {
        long[] shuffled = LongStream.rangeClosed(1, 1000).map(i -> (i * 389) % 1000 + 1).map(i -> i * MS).toArray();
        Latencies latencies = Latencies.of(shuffled);

        assertThat(latencies.millis(50)).isEqualTo(500);
        assertThat(latencies.millis(99)).isEqualTo(990);
        assertThat(latencies.millis(99.9)).as("not 1,000 by a rounding error").isEqualTo(999);
        assertThat(latencies.millis(100)).isEqualTo(1000);
    }

    @Test
    void aSingleDurationIsEveryPercentileAndNoneIsNoFigure() {
        assertThat(Latencies.of(new long[] {7 * MS}).millis(0.1)).isEqualTo(7);
        assertThat(Latencies.of(new long[] {7 * MS}).millis(99.9)).isEqualTo(7);
        assertThat(Latencies.of(new long[0]).millis(50)).isNaN();
    }
}
