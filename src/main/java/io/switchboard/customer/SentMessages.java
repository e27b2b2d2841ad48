package io.switchboard.customer;

import java.util.Optional;

/**
 * The messages the gateway sent, as far as identity needs them: whom a message went to tells that
 * whoever answers it holds that address. The conversation memory, which records every sent message,
 * provides it.
 */
public interface SentMessages {

    /** A message we sent: its recipient, and the customer of the conversation it belongs to. */
    record Sent(Address to, String customerId) {
    }

    /** The message we sent on {@code channel} that the provider knows by {@code providerMessageId}. */
    Optional<Sent> find(String channel, String providerMessageId);
}
