package io.switchboard.conversation;

import java.time.Instant;

/** A line of a conversation list: enough to pick one, without its turns. */
public record ConversationSummary(String id, String customerId, ConversationStatus status, String queue,
                                  String assignee, Instant createdAt, Instant updatedAt) {
}
