package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.PostgresTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short version of the cluster drill ({@link ClusterDrill}, {@code --quick}): three packaged
 * gateways in JVMs of their own on PostgreSQL, one after the other through the database taken away
 * for 10 s under load and a full stop and start with replies waiting. Runs after {@code package}
 * (Failsafe), since it starts the jar.
 *
 * <p>Not the member kill yet: after a SIGKILL the drill sometimes finds a reply left in the outbox
 * until the next full restart (a stored entry no surviving member holds in memory), an open defect
 * that would make this test fail at random. {@code mvn -Pcluster-drill verify} runs the kill.
 */
@PostgresTest
class ClusterDrillIT {

    @Test
    void threeMembersLoseNothingThroughADatabaseOutageAndAFullRestart() throws Exception {
        var drill = new ClusterDrill(ClusterDrill.Options.parse(new String[] {"--quick", "--only", "database,restart"}));
        drill.run();
        List<ClusterDrill.Outcome> outcomes = drill.outcomes();
        System.out.print(ClusterDrill.table(outcomes));

        assertThat(outcomes).hasSize(2).allSatisfy(outcome -> {
            assertThat(outcome.acknowledged()).as(outcome.scenario() + ": acknowledged").isEqualTo(outcome.sent());
            assertThat(outcome.lost()).as(outcome.scenario() + ": lost").isZero();
            assertThat(outcome.duplicated()).as(outcome.scenario() + ": duplicated").isZero();
            assertThat(outcome.outOfOrder()).as(outcome.scenario() + ": senders out of order").isZero();
            assertThat(outcome.sentTwice()).as(outcome.scenario() + ": replies sent twice").isZero();
            assertThat(outcome.outboxLeft()).as(outcome.scenario() + ": replies not delivered").isZero();
            assertThat(outcome.repliesDelivered()).as(outcome.scenario() + ": replies delivered").isPositive();
        });
        assertThat(outcomes.get(0).refusals()).as("the outage was felt and answered 503, never acknowledged unrecorded")
                .containsKey(503);
    }
}
