package io.switchboard.notification;

import java.time.Instant;
import java.util.Objects;

/**
 * One notification and what became of it. Its id follows from the caller and their idempotency key, so
 * a request sent again finds it instead of sending twice; the turn it becomes has the same id.
 *
 * @param dueAt     when it goes out: not before {@code notBefore}, outside the customer's quiet hours
 * @param reason    why it was skipped or expired, or why it waits
 * @param providerTemplate on a channel where free text may not start a conversation (WhatsApp outside
 *                  its window), the provider's approved template it goes as; null elsewhere
 */
public record Notification(String id, String idempotencyKey, String requestedBy, String customerId,
                           String template, String purpose, String channel, String address, String text,
                           Instant dueAt, Instant expiresAt, State state, String reason, String conversationId,
                           Instant createdAt, Instant updatedAt, ProviderTemplate providerTemplate) {

    /**
     * A provider's approved template, as configured under {@code switchboard.notifications.provider-templates}.
     *
     * @param id        the provider's id of it (a WhatsApp template's Content SID)
     * @param variables its variables filled in, as a JSON object ({@code {"1": "A-1042"}})
     */
    public record ProviderTemplate(String id, String variables) {
    }

    /** Where a notification is. */
    public enum State {
        /** waiting for its time (quiet hours, not-before) */
        SCHEDULED,
        /** a turn of the conversation, in the outbox: the delivery status is on the turn */
        SENT,
        /** not sent: no channel its purpose may use, or the consent was withdrawn meanwhile */
        SKIPPED,
        /** not sent: its time came after it expired */
        EXPIRED
    }

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    Notification with(State next, String why, String conversation, Instant at) {
        return new Notification(id, idempotencyKey, requestedBy, customerId, template, purpose, channel, address, text,
                dueAt, expiresAt, next, why, conversation, createdAt, at, providerTemplate);
    }
}
