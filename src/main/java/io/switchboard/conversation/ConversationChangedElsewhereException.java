package io.switchboard.conversation;

/**
 * A write of a conversation was refused because the database holds a newer state than the
 * member's copy: another member recorded turns meanwhile (the two sides of a network split, or a
 * backup that missed the last writes of a member that died). The member drops its copy and reads
 * the conversation again; nothing the other side recorded is overwritten. It carries no cause, as
 * it may cross members, which deserialize only the gateway's and the JDK's classes.
 */
public class ConversationChangedElsewhereException extends RuntimeException {

    public ConversationChangedElsewhereException(String conversationId, String what) {
        super("conversation " + conversationId + " was changed by another member (" + what + "); read it again");
    }
}
