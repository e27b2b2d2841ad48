package io.switchboard.conversation;

/**
 * A second delivery of a customer message that another instance is recording right now. It is neither
 * taken in (that would record it twice) nor acknowledged as a duplicate (the first try may yet fail,
 * and the provider would not send it again): the caller is told to send it again shortly, when the
 * first try has either recorded it (then it is a duplicate) or failed (then this one takes it in).
 */
public class MessageInFlightException extends RuntimeException {

    public MessageInFlightException() {
        super("the same message is being recorded by another instance right now; send it again shortly");
    }
}
