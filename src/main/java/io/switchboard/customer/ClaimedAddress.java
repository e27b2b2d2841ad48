package io.switchboard.customer;

import java.time.Instant;
import java.util.Objects;

/**
 * An address a customer gave (in a chat, say) that is not theirs until confirmed: it is never
 * used to recognise them or to send them anything but a confirmation code.
 */
public record ClaimedAddress(Address address, Instant claimedAt, String via) {

    public ClaimedAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(claimedAt, "claimedAt");
        via = via == null ? "unknown" : via;
    }
}
