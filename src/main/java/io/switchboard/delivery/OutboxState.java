package io.switchboard.delivery;

/** Where an outbound message is in the outbox. */
enum OutboxState {
    /** Waiting for its first try or, after a temporary failure, for its next one. */
    PENDING,
    /** Claimed by one instance, which is sending it now (until its lease runs out). */
    SENDING,
    /** Every part was accepted by the provider. */
    SENT,
    /** Given up: refused for good or out of tries; the failure is on the turn. */
    DEAD;

    boolean finished() {
        return this == SENT || this == DEAD;
    }
}
