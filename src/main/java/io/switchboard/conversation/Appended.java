package io.switchboard.conversation;


/**
 * What appending a turn did.
 *
 * @param conversationId the conversation the turn joined
 * @param turn           the turn as recorded (with its sequence number)
 * @param status         the conversation's status afterwards
 * @param assignee       the agent who owns it afterwards, if any
 * @param created        the turn started the conversation
 * @param reopened       the turn reopened a resolved conversation
 */
public record Appended(String conversationId, Turn turn, ConversationStatus status, String assignee,
                       boolean created, boolean reopened) {

    /** True when someone must now decide who answers; never for an automaton's message. */
    public boolean needsDecision() {
        return status == ConversationStatus.OPEN && !turn.automated();
    }
}
