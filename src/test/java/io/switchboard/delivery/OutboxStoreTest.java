package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.Threading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The outbox's rows are fenced: a copy that is behind (the other side of a network split, a backup
 * that missed a dead member's last write) cannot take over a message another member holds under a
 * live lease, nor bring back one that is finished.
 */
class OutboxStoreTest {

    final JdbcTemplate jdbc = migrated();
    final OutboxStore store = new OutboxStore(jdbc, new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    final Instant now = Instant.parse("2030-01-01T00:00:00Z");
    final OutboxEntry pending = OutboxEntry.pending(new Envelope("turn-1", "sms", Direction.OUTBOUND, null,
            "+15550000000", "+15551112222", "hello", null, List.of(), Threading.NONE, "conversation-1", now, Map.of()),
            2, "customer-1", List.of("hello"), now);

    @Test
    void onlyTheHolderOfALiveLeaseWritesTheMessage() {
        store.store(pending.id(), pending);
        OutboxEntry here = pending.claimed("lease-here", now.plus(Duration.ofMinutes(2)), now);
        store.store(here.id(), here);

        OutboxEntry behind = pending.claimed("lease-behind", now.plus(Duration.ofMinutes(2)), now.plusSeconds(20));
        assertThatThrownBy(() -> store.store(behind.id(), behind)).isInstanceOf(OutboxChangedElsewhereException.class);

        OutboxEntry sent = here.partAccepted("SM-1", now.plusSeconds(1));
        store.store(sent.id(), sent);
        assertThat(store.load(pending.id()).state()).isEqualTo(OutboxState.SENT);
    }

    @Test
    void aLeaseThatRanOutMayBeTakenOverAndAFinishedMessageIsNeverWrittenAgain() {
        OutboxEntry here = pending.claimed("lease-here", now.plus(Duration.ofMinutes(2)), now);
        store.store(here.id(), here);
        OutboxEntry takeover = here.claimed("lease-other", now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(3)));
        store.store(takeover.id(), takeover);

        OutboxEntry lateAnswer = here.partAccepted("SM-late", now.plus(Duration.ofMinutes(3)).plusSeconds(1));
        assertThatThrownBy(() -> store.store(lateAnswer.id(), lateAnswer))
                .isInstanceOf(OutboxChangedElsewhereException.class);

        OutboxEntry sent = takeover.partAccepted("SM-2", now.plus(Duration.ofMinutes(4)));
        store.store(sent.id(), sent);
        OutboxEntry stale = pending.claimed("lease-stale", now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(8)));
        assertThatThrownBy(() -> store.store(stale.id(), stale)).isInstanceOf(OutboxChangedElsewhereException.class);
        assertThat(store.load(pending.id()).providerIds()).containsExactly("SM-2");
    }

    private static JdbcTemplate migrated() {
        var database = new DriverManagerDataSource("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(database);
    }
}
