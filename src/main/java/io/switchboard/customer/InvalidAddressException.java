package io.switchboard.customer;

/** An address that cannot be normalised on its channel. */
public class InvalidAddressException extends IllegalArgumentException {

    public InvalidAddressException(String message) {
        super(message);
    }
}
