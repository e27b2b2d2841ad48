package io.switchboard.customer;

/**
 * Sends a one-time code to a claimed address over that address's own channel. Implemented where
 * outbound delivery lives; a channel without a connector cannot send, and an agent confirms instead.
 */
public interface ConfirmationCodeSender {

    boolean canSend(Address address);

    void send(Address address, String code);
}
