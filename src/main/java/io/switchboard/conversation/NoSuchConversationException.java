package io.switchboard.conversation;

import java.util.NoSuchElementException;

/** The conversation id names no conversation. */
public class NoSuchConversationException extends NoSuchElementException {

    public NoSuchConversationException(String id) {
        super("no conversation " + id);
    }
}
