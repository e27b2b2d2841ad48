package io.switchboard.delivery;

import java.util.List;

/**
 * How a channel splits a text too long for one message (SMS beyond what one concatenated message
 * carries). The outbox sends the parts in order, each once; channels without one send the text whole.
 */
public interface MessageSplitter {

    /** The channel this splitter is for. */
    String channel();

    /** The parts, in order; a text that fits is one part. */
    List<String> split(String text);
}
