package io.switchboard.inbox;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A conversation waiting in a queue, with what ranks it: its priority and how long it waited.
 *
 * @param priority       the queue's priority, raised when the SLA is breached
 * @param requiredSkills skills the conversation itself asks for (on top of the queue's)
 * @param escalatedAt    when it waited past the SLA, null before
 * @param closedNoticeAt when the customer was told the queue is closed and when it opens
 */
public record WaitingEntry(String conversationId, String queue, String channel, String customerId, Instant enqueuedAt,
                           int priority, Set<String> requiredSkills, Instant escalatedAt, Instant closedNoticeAt) {

    public WaitingEntry {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        requiredSkills = requiredSkills == null ? Set.of() : Set.copyOf(requiredSkills);
    }

    WaitingEntry escalated(int boost, Instant at) {
        return new WaitingEntry(conversationId, queue, channel, customerId, enqueuedAt, priority + boost, requiredSkills,
                at, closedNoticeAt);
    }

    WaitingEntry noticed(Instant at) {
        return new WaitingEntry(conversationId, queue, channel, customerId, enqueuedAt, priority, requiredSkills,
                escalatedAt, at);
    }
}
