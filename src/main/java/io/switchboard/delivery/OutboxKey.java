package io.switchboard.delivery;

import com.hazelcast.partition.PartitionAware;
import java.util.Objects;

/**
 * The key of an outbox message: the turn id (the idempotency key), placed in the partition of its
 * conversation, so a conversation's messages live, and are sent, where the conversation lives.
 */
record OutboxKey(String turnId, String conversationId) implements PartitionAware<String> {

    OutboxKey {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(conversationId, "conversationId");
        if (turnId.contains("@")) {
            throw new IllegalArgumentException("a turn id has no @");
        }
    }

    @Override
    public String getPartitionKey() {
        return conversationId;
    }

    /** The stored form, {@code <turn id>@<conversation id>}. */
    @Override
    public String toString() {
        return turnId + "@" + conversationId;
    }

    static OutboxKey parse(String stored) {
        int at = stored.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("not an outbox key: " + stored);
        }
        return new OutboxKey(stored.substring(0, at), stored.substring(at + 1));
    }
}
