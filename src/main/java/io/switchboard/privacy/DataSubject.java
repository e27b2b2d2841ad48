package io.switchboard.privacy;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Whose data an export or an erasure is about, as the holders found it: the customer asked for, the
 * profiles that are the same person (merged into them, or unverified profiles on their addresses),
 * their addresses ({@code channel:value}), their conversations, the ids of the
 * messages in them and the provider keys their inbound messages were taken in by. Each
 * {@link PersonalDataHolder} widens it with what it knows before anything is read or removed.
 *
 * @param customerId      the customer asked for (after merges: the profile that holds the others)
 * @param customerIds     every profile of this person, {@code customerId} included
 * @param addresses       their addresses, {@code channel:value}
 * @param conversationIds their conversations
 * @param messageIds      our ids of the messages in those conversations
 * @param inboundKeys     {@code channel:provider-id} of their inbound messages, the keys that drop a
 *                        message delivered twice
 */
public record DataSubject(String customerId, Set<String> customerIds, Set<String> addresses,
                          Set<String> conversationIds, Set<String> messageIds, Set<String> inboundKeys) {

    public DataSubject {
        Objects.requireNonNull(customerId, "customerId");
        customerIds = Set.copyOf(customerIds);
        addresses = Set.copyOf(addresses);
        conversationIds = Set.copyOf(conversationIds);
        messageIds = Set.copyOf(messageIds);
        inboundKeys = Set.copyOf(inboundKeys);
        if (!customerIds.contains(customerId)) {
            throw new IllegalArgumentException("the customer asked for is one of the subject's profiles");
        }
    }

    /** Before any holder looked: the id asked for and nothing else. */
    public static DataSubject asked(String customerId) {
        return new DataSubject(customerId, Set.of(customerId), Set.of(), Set.of(), Set.of(), Set.of());
    }

    /** The profile that holds this customer's data (they were merged into it). */
    public DataSubject heldBy(String survivorId) {
        return new DataSubject(survivorId, union(customerIds, Set.of(survivorId)), addresses, conversationIds,
                messageIds, inboundKeys);
    }

    public DataSubject withCustomers(Set<String> more) {
        return new DataSubject(customerId, union(customerIds, more), addresses, conversationIds, messageIds,
                inboundKeys);
    }

    public DataSubject withAddresses(Set<String> more) {
        return new DataSubject(customerId, customerIds, union(addresses, more), conversationIds, messageIds,
                inboundKeys);
    }

    public DataSubject withConversations(Set<String> more) {
        return new DataSubject(customerId, customerIds, addresses, union(conversationIds, more), messageIds,
                inboundKeys);
    }

    public DataSubject withMessages(Set<String> ids, Set<String> keys) {
        return new DataSubject(customerId, customerIds, addresses, conversationIds, union(messageIds, ids),
                union(inboundKeys, keys));
    }

    /** Their addresses on one channel, without the channel prefix. */
    public Set<String> addressesOn(String channel) {
        var values = new LinkedHashSet<String>();
        String prefix = channel + ":";
        addresses.stream().filter(a -> a.startsWith(prefix)).forEach(a -> values.add(a.substring(prefix.length())));
        return values;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new LinkedHashSet<>(a);
        b.stream().filter(Objects::nonNull).forEach(all::add);
        return all;
    }
}
