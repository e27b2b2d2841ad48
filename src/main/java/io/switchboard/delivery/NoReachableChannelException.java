package io.switchboard.delivery;

/** No installed channel can carry a message to this customer (no address, opted out, no connector). */
public class NoReachableChannelException extends IllegalStateException {

    public NoReachableChannelException(String message) {
        super(message);
    }
}
