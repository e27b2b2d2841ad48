package io.switchboard.delivery;

/**
 * A reply asked to go on a channel that cannot carry a text that long (its declared
 * {@link ChannelCapabilities#maxTextLength()}): nothing is recorded, the writer shortens it or picks
 * another channel. The API answers 400 with the reason.
 */
public class ReplyTooLongException extends IllegalArgumentException {

    public ReplyTooLongException(String reason) {
        super(reason);
    }
}
