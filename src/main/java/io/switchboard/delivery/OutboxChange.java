package io.switchboard.delivery;

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

    /** The provider accepted the next part; returns the entry, or null when the lease was lost. */
    record PartAccepted(String token, String providerId, Instant now)
            implements EntryProcessor<OutboxKey, OutboxEntry, OutboxEntry> {
        @Override
        public OutboxEntry process(Map.Entry<OutboxKey, OutboxEntry> e) {
            OutboxEntry current = e.getValue();
            if (current == null || !token.equals(current.lease())) {
                return null;
            }
            OutboxEntry next = current.partAccepted(providerId, now);
            e.setValue(next);
            return next;
        }
    }

    /** A temporary failure: due again at {@code next}. */
    record Retry(String token, Instant next, String error, Instant now)
            implements EntryProcessor<OutboxKey, OutboxEntry, OutboxEntry> {
        @Override
        public OutboxEntry process(Map.Entry<OutboxKey, OutboxEntry> e) {
            OutboxEntry current = e.getValue();
            if (current == null || !token.equals(current.lease())) {
                return null;
            }
            OutboxEntry next = current.retryAt(this.next, error, now);
            e.setValue(next);
            return next;
        }
    }

    /** Given up on: refused for good or out of tries. */
    record Dead(String token, String error, Instant now) implements EntryProcessor<OutboxKey, OutboxEntry, OutboxEntry> {
        @Override
        public OutboxEntry process(Map.Entry<OutboxKey, OutboxEntry> e) {
            OutboxEntry current = e.getValue();
            if (current == null || !token.equals(current.lease())) {
                return null;
            }
            OutboxEntry next = current.dead(error, now);
            e.setValue(next);
            return next;
        }
    }
}
