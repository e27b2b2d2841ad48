package io.switchboard.conversation;

import java.time.Instant;
import java.util.Objects;

/**
 * Delivery state of an outbound turn.
 *
 * @param status    queued, sent, delivered or failed
 * @param channel   the channel it went out on
 * @param detail    the provider's id or the reason it failed; never message text
 * @param updatedAt when the status last changed
 */
public record Delivery(DeliveryStatus status, String channel, String detail, Instant updatedAt) {

    public Delivery {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static Delivery queued(String channel, Instant at) {
        return new Delivery(DeliveryStatus.QUEUED, channel, null, at);
    }
}
