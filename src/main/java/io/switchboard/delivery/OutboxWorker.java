package io.switchboard.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Sends what is due in the outbox, called by the {@code outbox-dispatch} route on every instance.
 * Each instance sends the messages of the conversations whose partitions it owns, a conversation's
 * messages one after the other in turn order, several conversations at once. A message is sent
 * only under its lease; a temporary failure is retried with exponential backoff and jitter, a
 * refusal or the last failed try dead-letters it.
 */
@Component("outboxWorker")
class OutboxWorker {

    static final String SEND_ROUTE = "direct:outbound";
    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

    private final Outbox outbox;
    private final ProducerTemplate producer;
    private final DeliveryReceipts receipts;
    private final DeadLetters deadLetterHandling;
    private final DeliveryProperties.Outbox settings;
    private final ExponentialBackOff backOff;
    private final ExecutorService senders;
    private final Set<String> busyConversations = ConcurrentHashMap.newKeySet();
    private final Map<OutboxKey, Accepted> unrecorded = new ConcurrentHashMap<>();
    private final Counter deadLetters;
    private final Clock clock;

    OutboxWorker(Outbox outbox, ProducerTemplate producer, DeliveryReceipts receipts, DeadLetters deadLetterHandling,
                 DeliveryProperties properties, CamelContext camel, MeterRegistry meters, Clock clock) {
        this.outbox = outbox;
        this.producer = producer;
        this.receipts = receipts;
        this.deadLetterHandling = deadLetterHandling;
        this.settings = properties.outbox();
        this.backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), settings.multiplier());
        this.backOff.setMaxInterval(settings.maxBackoff().toMillis());
        this.senders = camel.getExecutorServiceManager().newFixedThreadPool(this, "outbox-sender", settings.senders());
        this.deadLetters = Counter.builder("switchboard.delivery.dead.letters")
                .description("outbound messages given up on").register(meters);
        Gauge.builder("switchboard.delivery.outbox.unfinished", outbox, Outbox::unfinishedLocally)
                .description("outbound messages this instance still has to send").register(meters);
        this.clock = clock;
    }

    /**
     * Hands each conversation with due messages to a sender, unless one is already busy with it;
     * first, parts the provider accepted but that could not be recorded are recorded, and their
     * messages finished.
     */
    public void dispatchDue() {
        for (Accepted accepted : unrecorded.values()) {
            if (!submit(accepted.sending().conversationId(), () -> resume(accepted))) {
                return;
            }
        }
        for (List<OutboxKey> batch : outbox.dueBatches()) {
            if (!submit(batch.get(0).conversationId(), () -> deliverInOrder(batch))) {
                return;
            }
        }
    }

    /** Runs the work on a sender unless one is busy with the conversation; false when shutting down. */
    private boolean submit(String conversation, Runnable work) {
        if (!busyConversations.add(conversation)) {
            return true;
        }
        try {
            senders.execute(() -> {
                try {
                    work.run();
                } finally {
                    busyConversations.remove(conversation);
                }
            });
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            busyConversations.remove(conversation);
            return false;
        }
    }

    /** Brings back the unfinished messages stored but in no member's memory; on one instance at a time. */
    public void recoverStranded() {
        int recovered = outbox.recoverStranded(settings.sweepInterval());
        if (recovered > 0) {
            log.warn("outbox sweep: {} unfinished message(s) brought back into memory", recovered);
        }
    }

    /** Sends the messages one after the other; stops at the first one that is not finished. */
    void deliverInOrder(List<OutboxKey> keys) {
        for (OutboxKey key : keys) {
            try {
                if (!attempt(key)) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("outbox message could not be handled now, will be retried: {}", e.getClass().getSimpleName());
                return;
            }
        }
    }

    /** One try; true when the message is finished (sent or dead-lettered). */
    boolean attempt(OutboxKey key) {
        OutboxEntry entry = outbox.claim(key).orElse(null);
        return entry != null && sendRemainingParts(entry);
    }

    /** Sends the parts not yet accepted, under the entry's lease; true when the message is finished. */
    private boolean sendRemainingParts(OutboxEntry claimed) {
        OutboxEntry entry = claimed;
        while (entry.partsSent() < entry.parts().size()) {
            OutboxEntry sending = entry;
            Exchange result = producer.send(SEND_ROUTE, exchange -> prepare(exchange, sending, sending.partsSent()));
            if (result.getException() != null) {
                return failed(sending, DeliveryFailures.classify(result.getException()));
            }
            String providerId = result.getMessage().getHeader(EnvelopeHeaders.PROVIDER_MESSAGE_ID, String.class);
            try {
                entry = outbox.partAccepted(sending, providerId).orElse(null);
            } catch (RuntimeException e) {
                if (recordedInDatabase(sending, providerId, e)) {
                    return false;
                }
                unrecorded.put(sending.id(), new Accepted(sending, providerId));
                log.warn("reply {} of conversation {}: accepted by the provider, but that could not be recorded ({}); "
                        + "recording it again on the next poll", sending.seq(), sending.conversationId(),
                        e.getClass().getSimpleName());
                return false;
            }
            if (entry == null) {
                leaseLost(sending);
                return false;
            }
        }
        receipts.recordSent(entry.conversationId(), entry.seq(), entry.channel(),
                entry.providerIds().isEmpty() ? null : entry.providerIds().get(0));
        log.info("reply {} of conversation {} sent on {} (try {}, {} part(s))", entry.seq(), entry.conversationId(),
                entry.channel(), entry.attempts(), entry.parts().size());
        return true;
    }

    /**
     * The map refused to record an accepted part (no quorum, a member gone): recorded straight in the
     * database instead, under this member's lease; false when the database cannot take it either.
     */
    private boolean recordedInDatabase(OutboxEntry sending, String providerId, RuntimeException mapFailure) {
        try {
            outbox.partAcceptedInDatabase(sending, providerId);
        } catch (RuntimeException databaseFailure) {
            return false;
        }
        log.warn("reply {} of conversation {}: accepted by the provider; the outbox map could not record it ({}), "
                + "the database did", sending.seq(), sending.conversationId(), mapFailure.getClass().getSimpleName());
        return true;
    }

    /**
     * Records a part the provider accepted while the write failed (the database away for a moment),
     * then sends the rest of its message. The message keeps its lease meanwhile, so nothing of its
     * conversation overtakes it and no other instance sends the part again; only an outage longer
     * than the lease can still send a part twice.
     */
    void resume(Accepted accepted) {
        OutboxEntry sending = accepted.sending();
        OutboxEntry entry;
        try {
            entry = outbox.partAccepted(sending, accepted.providerId()).orElse(null);
        } catch (RuntimeException e) {
            if (sending.leaseUntil() != null && clock.instant().isBefore(sending.leaseUntil())) {
                return;
            }
            unrecorded.remove(sending.id());
            log.warn("reply {} of conversation {}: the part the provider accepted could not be recorded before its lease "
                    + "ran out ({}); it may be sent again", sending.seq(), sending.conversationId(),
                    e.getClass().getSimpleName());
            return;
        }
        unrecorded.remove(sending.id());
        if (entry == null) {
            leaseLost(sending);
        } else {
            try {
                sendRemainingParts(entry);
            } catch (RuntimeException e) {
                log.warn("outbox message could not be handled now, will be retried: {}", e.getClass().getSimpleName());
            }
        }
    }

    private static void leaseLost(OutboxEntry sending) {
        log.warn("outbox message {} of conversation {}: lease lost while sending; another instance took it over",
                sending.seq(), sending.conversationId());
    }

    /** A part the provider accepted, not yet recorded in the outbox. */
    record Accepted(OutboxEntry sending, String providerId) {
    }

    private boolean failed(OutboxEntry entry, DeliveryFailures.Failure failure) {
        if (!failure.permanent() && entry.attempts() < settings.maxAttempts()) {
            Instant next = nextAttempt(entry.attempts());
            outbox.retry(entry, next, failure.reason());
            log.warn("reply {} of conversation {} on {}: try {} of {} failed ({}); next try at {}", entry.seq(),
                    entry.conversationId(), entry.channel(), entry.attempts(), settings.maxAttempts(), failure.reason(),
                    next);
            return false;
        }
        String reason = failure.permanent() ? failure.reason()
                : failure.reason() + " (gave up after " + entry.attempts() + " tries)";
        if (outbox.dead(entry, reason).isEmpty()) {
            return false;
        }
        deadLetters.increment();
        log.warn("reply {} of conversation {} on {} DEAD-LETTERED: {}", entry.seq(), entry.conversationId(),
                entry.channel(), reason);
        deadLetterHandling.deadLettered(entry, reason);
        return true;
    }

    private void prepare(Exchange exchange, OutboxEntry entry, int part) {
        Envelope whole = entry.envelope();
        var metadata = new HashMap<>(whole.metadata());
        if (entry.parts().size() > 1) {
            metadata.put("part", (part + 1) + "/" + entry.parts().size());
        }
        Envelope envelope = new Envelope(whole.id(), whole.channel(), whole.direction(), null, whole.from(), whole.to(),
                entry.parts().get(part), whole.subject(), part == 0 ? whole.attachments() : List.of(),
                whole.threading(), whole.conversationId(), whole.timestamp(), metadata);
        exchange.getMessage().setBody(envelope);
        exchange.getMessage().setHeader(EnvelopeHeaders.CHANNEL, whole.channel());
        exchange.getMessage().setHeader(EnvelopeHeaders.IDEMPOTENCY_KEY, entry.partKey(part));
        exchange.getMessage().setHeader(EnvelopeHeaders.CONVERSATION_ID, whole.conversationId());
        exchange.getMessage().setHeader(EnvelopeHeaders.CUSTOMER_ID, entry.customerId());
        exchange.getMessage().setHeader(EnvelopeHeaders.TURN_SEQ, entry.seq());
    }

    Instant nextAttempt(int attempts) {
        BackOffExecution execution = backOff.start();
        long wait = 0;
        for (int i = 0; i < attempts; i++) {
            wait = execution.nextBackOff();
        }
        long jitter = (long) (wait * settings.jitter() * ThreadLocalRandom.current().nextDouble());
        return clock.instant().plusMillis(wait - jitter);
    }
}
