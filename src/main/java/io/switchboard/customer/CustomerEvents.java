package io.switchboard.customer;

import java.time.Instant;
import java.util.List;

/** What identity changes tell the rest of the gateway, published as Spring application events. */
public final class CustomerEvents {

    private CustomerEvents() {
    }

    /**
     * Addresses now belong to another customer. When {@code since} is set, messages that arrived on
     * them from then on belong to {@code toCustomerId} and move with them (an unmerge or unlink).
     */
    public record AddressesMoved(String fromCustomerId, String toCustomerId, List<Address> addresses,
                                 Instant since, String actor) {
    }

    /** {@code sourceCustomerId} was merged into {@code targetCustomerId}. */
    public record Merged(String targetCustomerId, String sourceCustomerId, String sourceConversationId,
                         String actor, Instant at) {
    }
}
