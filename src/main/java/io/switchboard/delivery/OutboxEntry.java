package io.switchboard.delivery;

import io.switchboard.envelope.Envelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One outbound message in the outbox. Its key is the turn id (the idempotency key) with the
 * conversation as partition key, so a conversation's messages live, and are sent, where the
 * conversation lives.
 *
 * @param key           {@code <turn id>@<conversation id>}
 * @param envelope      what to send, addressed
 * @param seq           the turn's sequence number in its conversation
 * @param customerId    the customer it goes to
 * @param parts         texts to send in order (one, unless the channel splits long messages)
 * @param partsSent     parts the provider has accepted; a retry resumes after them
 * @param providerIds   the provider's ids of the accepted parts
 * @param state         pending, sending, sent or dead
 * @param attempts      tries so far
 * @param nextAttemptAt when it is due (again)
 * @param lease         token of the last instance that sent it (the holder, while sending)
 * @param leaseUntil    while sending, when another instance may take it over; null otherwise
 * @param lastError     why the last try failed; never message text
 */
record OutboxEntry(String key, Envelope envelope, long seq, String customerId, List<String> parts, int partsSent,
                   List<String> providerIds, OutboxState state, int attempts, Instant nextAttemptAt, String lease,
                   Instant leaseUntil, String lastError, Instant createdAt, Instant updatedAt) {

    OutboxEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(createdAt, "createdAt");
        parts = List.copyOf(parts);
        providerIds = providerIds == null ? List.of() : List.copyOf(providerIds);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an outbound message has at least one part");
        }
        if (partsSent < 0 || partsSent > parts.size()) {
            throw new IllegalArgumentException("parts sent out of range");
        }
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    static String key(String turnId, String conversationId) {
        return new OutboxKey(turnId, conversationId).toString();
    }

    OutboxKey id() {
        return OutboxKey.parse(key);
    }

    static OutboxEntry pending(Envelope envelope, long seq, String customerId, List<String> parts, Instant at) {
        return new OutboxEntry(key(envelope.id(), envelope.conversationId()), envelope, seq, customerId, parts, 0,
                List.of(), OutboxState.PENDING, 0, at, null, null, null, at, at);
    }

    String conversationId() {
        return envelope.conversationId();
    }

    String channel() {
        return envelope.channel();
    }

    /** The idempotency key of one part: the turn id, suffixed when the message has several parts. */
    String partKey(int part) {
        return parts.size() == 1 ? envelope.id() : envelope.id() + "." + (part + 1);
    }

    boolean due(Instant now) {
        return state == OutboxState.PENDING && !nextAttemptAt.isAfter(now)
                || state == OutboxState.SENDING && leaseUntil != null && leaseUntil.isBefore(now);
    }

    OutboxEntry claimed(String token, Instant until, Instant now) {
        return new OutboxEntry(key, envelope, seq, customerId, parts, partsSent, providerIds, OutboxState.SENDING,
                attempts + 1, nextAttemptAt, token, until, lastError, createdAt, now);
    }

    OutboxEntry partAccepted(String providerId, Instant now) {
        var ids = new ArrayList<>(providerIds);
        if (providerId != null) {
            ids.add(providerId);
        }
        int sent = partsSent + 1;
        boolean done = sent == parts.size();
        return new OutboxEntry(key, envelope, seq, customerId, parts, sent, ids,
                done ? OutboxState.SENT : OutboxState.SENDING, attempts, nextAttemptAt, lease,
                done ? null : leaseUntil, lastError, createdAt, now);
    }

    OutboxEntry retryAt(Instant next, String error, Instant now) {
        return new OutboxEntry(key, envelope, seq, customerId, parts, partsSent, providerIds, OutboxState.PENDING,
                attempts, next, lease, null, error, createdAt, now);
    }

    OutboxEntry dead(String error, Instant now) {
        return new OutboxEntry(key, envelope, seq, customerId, parts, partsSent, providerIds, OutboxState.DEAD,
                attempts, nextAttemptAt, lease, null, error, createdAt, now);
    }
}
