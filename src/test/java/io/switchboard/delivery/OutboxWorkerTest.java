package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Threading;
import io.switchboard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A part the provider accepted while the outbox could not record it (the database away for a moment)
 * is recorded on a later poll, without blocking a sender and without sending the part again.
 */
class OutboxWorkerTest {

    final MutableClock clock = new MutableClock();
    final DefaultCamelContext camel = new DefaultCamelContext();
    final Outbox outbox = mock(Outbox.class);
    final ProducerTemplate producer = mock(ProducerTemplate.class);
    final DeliveryReceipts receipts = mock(DeliveryReceipts.class);
    final OutboxWorker worker = new OutboxWorker(outbox, producer, receipts, mock(DeadLetters.class),
            new DeliveryProperties(List.of("sms"), DeliveryProperties.Outbox.DEFAULTS), camel,
            new SimpleMeterRegistry(), clock);

    final OutboxEntry claimed = OutboxEntry.pending(reply(), 3, "customer-1", List.of("first", "second"),
            clock.instant()).claimed("lease-1", clock.instant().plus(Duration.ofMinutes(2)), clock.instant());

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void anAcceptedPartThatCannotBeRecordedIsRecordedOnTheNextPollAndNotSentAgain() {
        when(outbox.claim(claimed.id())).thenReturn(Optional.of(claimed));
        when(producer.send(eq(OutboxWorker.SEND_ROUTE), any(Processor.class)))
                .thenReturn(accepted("SM-1"), accepted("SM-2"));
        OutboxEntry firstRecorded = claimed.partAccepted("SM-1", clock.instant());
        when(outbox.partAccepted(claimed, "SM-1"))
                .thenThrow(new DataAccessResourceFailureException("database away"))
                .thenThrow(new DataAccessResourceFailureException("database away"))
                .thenReturn(Optional.of(firstRecorded));
        when(outbox.partAccepted(firstRecorded, "SM-2"))
                .thenReturn(Optional.of(firstRecorded.partAccepted("SM-2", clock.instant())));
        when(outbox.dueBatches()).thenReturn(List.of());
        databaseAway();

        assertThat(worker.attempt(claimed.id())).as("finished at once").isFalse();
        verify(producer, times(1)).send(eq(OutboxWorker.SEND_ROUTE), any(Processor.class));

        worker.dispatchDue();
        verify(outbox, after(300).times(2)).partAccepted(claimed, "SM-1");
        verify(receipts, never()).recordSent(anyString(), any(Long.class), anyString(), anyString());

        worker.dispatchDue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                verify(receipts).recordSent("conversation-1", 3, "sms", "SM-1"));
        verify(outbox, times(3)).partAccepted(claimed, "SM-1");
        verify(producer, times(2)).send(eq(OutboxWorker.SEND_ROUTE), any(Processor.class));

        worker.dispatchDue();
        verify(outbox, after(300).times(3)).partAccepted(claimed, "SM-1");
    }

    @Test
    void anAcceptedPartStillUnrecordedWhenItsLeaseRunsOutIsGivenUp() {
        when(outbox.claim(claimed.id())).thenReturn(Optional.of(claimed));
        when(producer.send(eq(OutboxWorker.SEND_ROUTE), any(Processor.class))).thenReturn(accepted("SM-1"));
        when(outbox.partAccepted(claimed, "SM-1")).thenThrow(new DataAccessResourceFailureException("database away"));
        when(outbox.dueBatches()).thenReturn(List.of());
        databaseAway();

        assertThat(worker.attempt(claimed.id())).isFalse();
        clock.advance(Duration.ofMinutes(3));
        worker.dispatchDue();
        verify(outbox, after(300).times(2)).partAccepted(claimed, "SM-1");

        worker.dispatchDue();
        verify(outbox, after(300).times(2)).partAccepted(claimed, "SM-1");
        verify(producer, times(1)).send(eq(OutboxWorker.SEND_ROUTE), any(Processor.class));
        verify(receipts, never()).recordSent(anyString(), any(Long.class), anyString(), anyString());
    }

    @Test
    void anAcceptedPartTheMapCannotRecordIsRecordedInTheDatabaseUnderTheLease() {
        when(outbox.claim(claimed.id())).thenReturn(Optional.of(claimed));
        when(producer.send(eq(OutboxWorker.SEND_ROUTE), any(Processor.class))).thenReturn(accepted("SM-1"));
        when(outbox.partAccepted(claimed, "SM-1")).thenThrow(new IllegalStateException("no quorum"));
        when(outbox.dueBatches()).thenReturn(List.of());

        assertThat(worker.attempt(claimed.id())).isFalse();
        verify(outbox).partAcceptedInDatabase(claimed, "SM-1");

        worker.dispatchDue();
        verify(outbox, after(300).times(1)).partAccepted(claimed, "SM-1");
        verify(producer, times(1)).send(eq(OutboxWorker.SEND_ROUTE), any(Processor.class));
    }

    private void databaseAway() {
        doThrow(new DataAccessResourceFailureException("database away")).when(outbox)
                .partAcceptedInDatabase(any(), any());
    }

    private DefaultExchange accepted(String providerId) {
        var exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(EnvelopeHeaders.PROVIDER_MESSAGE_ID, providerId);
        return exchange;
    }

    private Envelope reply() {
        return new Envelope("turn-1", "sms", Direction.OUTBOUND, null, "+15550000000", "+15551112222", "first second",
                null, List.of(), Threading.NONE, "conversation-1", Instant.parse("2030-01-01T00:00:00Z"), Map.of());
    }
}
