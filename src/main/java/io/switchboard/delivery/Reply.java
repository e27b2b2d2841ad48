package io.switchboard.delivery;

import io.switchboard.conversation.Author;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A message to the customer, on its way into the {@code reply} route: who writes it, what, on which
 * channel (null: the one the customer prefers, none of {@code excluded}).
 *
 * @param kind   what the message does to the conversation
 * @param turnId for a {@link Kind#NOTICE}, the turn's id when the caller chose it, so that sending the same
 *               notice again records it once (a notification); null: a new one
 */
public record Reply(String conversationId, Kind kind, Author author, String authorName, String text, String channel,
                    Set<String> excluded, Map<String, String> metadata, String turnId) {

    /** What sending it does to the conversation. */
    public enum Kind {
        /** An agent answered: the conversation is theirs, waiting for the customer. */
        AGENT,
        /** The AI answered: waiting for the customer, nobody owns it; refused unless still open. */
        AI,
        /** The gateway speaks (a notice, a survey, a message sent again on another channel): nothing changes. */
        NOTICE
    }

    public Reply {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        excluded = excluded == null ? Set.of() : Set.copyOf(excluded);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public Reply(String conversationId, Kind kind, Author author, String authorName, String text, String channel,
                 Set<String> excluded, Map<String, String> metadata) {
        this(conversationId, kind, author, authorName, text, channel, excluded, metadata, null);
    }
}
