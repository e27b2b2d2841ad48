package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An intent's rollout splits customers stably by id: the share holds over many customers, a customer
 * never changes sides, and widening the rollout keeps everyone who was in it.
 */
class IntentRolloutTest {

    @Test
    void theShareHoldsWithinThreePercentOverTenThousandCustomersAndNobodyFlips() {
        var customers = IntStream.range(0, 10_000).mapToObj(i -> UUID.randomUUID().toString()).toList();
        for (double percent : new double[] {5, 30, 50, 90}) {
            long in = customers.stream().filter(c -> IntentAutonomy.inRollout("order-status", c, percent)).count();
            assertThat(in / 100.0).as("%s %% rollout", percent).isBetween(percent - 3, percent + 3);
        }
        Set<String> firstArm = new HashSet<>();
        customers.stream().filter(c -> IntentAutonomy.inRollout("order-status", c, 30)).forEach(firstArm::add);
        for (int round = 0; round < 3; round++) {
            assertThat(customers.stream().filter(c -> IntentAutonomy.inRollout("order-status", c, 30)).toList())
                    .as("the same customers, every time").containsExactlyInAnyOrderElementsOf(firstArm);
        }
        assertThat(customers.stream().filter(c -> IntentAutonomy.inRollout("order-status", c, 60)).toList())
                .as("widening keeps everyone already in").containsAll(firstArm);
        assertThat(IntentAutonomy.inRollout("order-status", customers.get(0), 100)).isTrue();
        assertThat(IntentAutonomy.inRollout("order-status", customers.get(0), 0)).isFalse();
    }
}
