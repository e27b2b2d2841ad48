package io.switchboard.delivery;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.hazelcast.map.EntryProcessor;
import java.time.Instant;
import java.util.Map;

/**
 * The only ways an outbox entry changes, run by Hazelcast on the member that owns it, one at a time
 * per entry: whatever instance asks, only one can hold a message's lease, and only the holder can
 * record its outcome.
 */
final class OutboxChange {

    private OutboxChange() {
    }

    /** Adds the message unless its key is already there (then the one there is returned). */
    record Enqueue(OutboxEntry entry) implements EntryProcessor<OutboxKey, OutboxEntry, OutboxEntry> {
        @Override
        public OutboxEntry process(Map.Entry<OutboxKey, OutboxEntry> e) {
            if (e.getValue() != null) {
                return e.getValue();
            }
            e.setValue(entry);
            return entry;
        }
    }

    /** Takes the lease of a due message; returns it claimed, or null when it is not due or held. */
    record Claim(String token, Instant now, Instant until) implements EntryProcessor<OutboxKey, OutboxEntry, OutboxEntry> {
        @Override
        public OutboxEntry process(Map.Entry<OutboxKey, OutboxEntry> e) {
            OutboxEntry current = e.getValue();
            if (current == null || !current.due(now)) {
                return null;
            }
            OutboxEntry claimed = current.claimed(token, until, now);
            e.setValue(claimed);
            return claimed;
        }
    }

    /**
     * What the holder of a message's lease records: applied only while {@code token} still holds it;
     * returns the entry as it now is, or null when the lease was lost (another instance took over).
     */
    record UnderLease(String token, Outcome outcome) implements EntryProcessor<OutboxKey, OutboxEntry, OutboxEntry> {
        @Override
        public OutboxEntry process(Map.Entry<OutboxKey, OutboxEntry> e) {
            OutboxEntry current = e.getValue();
            if (current == null || current.state() != OutboxState.SENDING || !token.equals(current.lease())) {
                return null;
            }
            OutboxEntry next = outcome.apply(current);
            e.setValue(next);
            return next;
        }
    }

    /** What became of a try (named in its JSON, as it travels to the member that owns the entry). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({@JsonSubTypes.Type(PartAccepted.class), @JsonSubTypes.Type(Retry.class),
            @JsonSubTypes.Type(Dead.class)})
    sealed interface Outcome {
        OutboxEntry apply(OutboxEntry current);
    }

    /** The provider accepted the next part. */
    record PartAccepted(String providerId, Instant now) implements Outcome {
        @Override
        public OutboxEntry apply(OutboxEntry current) {
            // recorded already: the answer to an earlier try of this very change was lost
            if (providerId != null && current.providerIds().contains(providerId)) {
                return current;
            }
            return current.partAccepted(providerId, now);
        }
    }

    /** A temporary failure: due again at {@code next}. */
    record Retry(Instant next, String error, Instant now) implements Outcome {
        @Override
        public OutboxEntry apply(OutboxEntry current) {
            return current.retryAt(next, error, now);
        }
    }

    /** Given up on: refused for good or out of tries. */
    record Dead(String error, Instant now) implements Outcome {
        @Override
        public OutboxEntry apply(OutboxEntry current) {
            return current.dead(error, now);
        }
    }
}
