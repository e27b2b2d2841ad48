package io.switchboard.conversation;

/**
 * Told of each turn as it is first written to the database and when it leaves its conversation
 * (moved to another, or the conversation deleted) or loses its text to retention, and of a
 * conversation's move to another queue, inside the same transaction: what the search index keeps is
 * always what the database holds. A turn's text never changes otherwise, so a turn written again
 * (its delivery status, say) is not told again.
 */
public interface TurnIndex {

    /** A new turn of {@code conversationId}. */
    void added(String conversationId, Turn turn);

    /** The turn at {@code seq} is no longer part of {@code conversationId}, or its text is gone. */
    void removed(String conversationId, long seq);

    /** Every turn of {@code conversationId} is gone. */
    void removedAll(String conversationId);

    /** The conversation is now in {@code queue} (null: in none). */
    void queueChanged(String conversationId, String queue);
}
