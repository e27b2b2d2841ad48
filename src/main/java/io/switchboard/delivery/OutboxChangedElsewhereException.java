package io.switchboard.delivery;

/**
 * A write of an outbox message was refused because the database holds it as finished (sent or
 * given up on) or under another member's lease that has not run out: this member's copy is behind
 * (the other side of a network split sent it, or a backup missed a dead member's last write), and
 * going on would send it twice. The member drops its copy. It carries no cause, as it may cross
 * members, which deserialize only the gateway's and the JDK's classes.
 */
class OutboxChangedElsewhereException extends RuntimeException {

    OutboxChangedElsewhereException(OutboxKey key) {
        super("outbox message " + key.turnId() + " of conversation " + key.conversationId()
                + " is finished or held by another member in the database");
    }
}
