package io.switchboard.customer;

import java.time.Instant;
import java.util.List;

/**
 * A recorded link or merge: the evidence it was made on, who made it, and whether it was undone.
 *
 * @param kind             {@code link} (one address moved to a customer) or {@code merge} (a whole
 *                         customer folded into another)
 * @param targetCustomerId the customer that received the addresses
 * @param sourceCustomerId the customer they came from; null for an address nobody had
 */
public record IdentityLink(String id, String kind, String targetCustomerId, String sourceCustomerId,
                           List<Address> addresses, String evidence, String actor, Instant createdAt,
                           Instant reversedAt, String reversedBy) {

    public static final String LINK = "link";
    public static final String MERGE = "merge";

    public IdentityLink {
        addresses = List.copyOf(addresses);
    }

    public boolean reversed() {
        return reversedAt != null;
    }
}
