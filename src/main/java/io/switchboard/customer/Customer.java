package io.switchboard.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer profile: the addresses that are theirs, the ones they claimed but have not confirmed,
 * how they like to be answered, what they opted out of, and their current conversation.
 * Immutable; every change returns a new profile.
 *
 * @param id                     customer id
 * @param displayName            a name for agents, when one is known
 * @param addresses              confirmed addresses, in the order they were linked
 * @param claims                 addresses given but not confirmed
 * @param preferredChannel       the channel to answer on, null when not known
 * @param preferenceExplicit     true when the customer or an agent said so, false when learned
 * @param lastInboundChannel     channel of the customer's last message
 * @param lastInboundAt          time of the customer's last message
 * @param optedOut               addresses that must receive nothing (SMS STOP and the like)
 * @param currentConversationId  the conversation new messages join
 * @param previousConversationId the conversation before the current one
 * @param mergedInto             set when this profile was merged into another
 * @param createdAt              first seen
 * @param updatedAt              last changed
 * @param unverified             set, with the reason, on the profile of a sender the channel could
 *                               not vouch for (an e-mail without DMARC or aligned DKIM evidence): its
 *                               address stays whoever's it was, and its messages join no one else's
 *                               conversation until an agent merges it on evidence
 */
public record Customer(
        String id,
        String displayName,
        List<Address> addresses,
        List<ClaimedAddress> claims,
        String preferredChannel,
        boolean preferenceExplicit,
        String lastInboundChannel,
        Instant lastInboundAt,
        List<Address> optedOut,
        String currentConversationId,
        String previousConversationId,
        String mergedInto,
        Instant createdAt,
        Instant updatedAt,
        String unverified) {

    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        claims = claims == null ? List.of() : List.copyOf(claims);
        optedOut = optedOut == null ? List.of() : List.copyOf(optedOut);
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    public static Customer firstSeen(String id, Address address, Instant at) {
        return new Customer(id, null, List.of(address), List.of(), null, false, null, null, List.of(),
                null, null, null, at, at, null);
    }

    /**
     * The profile of a sender the channel could not vouch for: replies may reach the address (its
     * real owner gets them), but the address is not theirs in the index.
     */
    public static Customer unverifiedSender(String id, Address address, String reason, Instant at) {
        return new Customer(id, null, List.of(address), List.of(), null, false, null, null, List.of(),
                null, null, null, at, at, reason);
    }

    public boolean owns(Address address) {
        return addresses.contains(address);
    }

    public boolean isMerged() {
        return mergedInto != null;
    }

    public boolean isOptedOut(Address address) {
        return optedOut.contains(address);
    }

    public Optional<ClaimedAddress> claim(Address address) {
        return claims.stream().filter(c -> c.address().equals(address)).findFirst();
    }

    /** The channel replies should use when nobody picks one: stated preference, else last inbound. */
    public Optional<String> replyChannel() {
        return Optional.ofNullable(preferredChannel != null ? preferredChannel : lastInboundChannel);
    }

    Customer withAddress(Address address, Instant at) {
        if (owns(address)) {
            return this;
        }
        var next = new ArrayList<>(addresses);
        next.add(address);
        var remainingClaims = claims.stream().filter(c -> !c.address().equals(address)).toList();
        return new Customer(id, displayName, next, remainingClaims, preferredChannel, preferenceExplicit,
                lastInboundChannel, lastInboundAt, optedOut, currentConversationId, previousConversationId,
                mergedInto, createdAt, at, unverified);
    }

    Customer withoutAddress(Address address, Instant at) {
        if (!owns(address)) {
            return this;
        }
        var next = addresses.stream().filter(a -> !a.equals(address)).toList();
        return new Customer(id, displayName, next, claims, preferredChannel, preferenceExplicit,
                lastInboundChannel, lastInboundAt, optedOut, currentConversationId, previousConversationId,
                mergedInto, createdAt, at, unverified);
    }

    Customer withClaim(ClaimedAddress claim) {
        if (owns(claim.address())) {
            return this;
        }
        var next = new ArrayList<>(claims.stream().filter(c -> !c.address().equals(claim.address())).toList());
        next.add(claim);
        return new Customer(id, displayName, addresses, next, preferredChannel, preferenceExplicit,
                lastInboundChannel, lastInboundAt, optedOut, currentConversationId, previousConversationId,
                mergedInto, createdAt, claim.claimedAt(), unverified);
    }

    Customer withInbound(String channel, Instant at, String candidateConversationId) {
        String current = currentConversationId != null ? currentConversationId : candidateConversationId;
        String learned = preferenceExplicit ? preferredChannel : channel;
        return new Customer(id, displayName, addresses, claims, learned, preferenceExplicit, channel, at, optedOut,
                current, previousConversationId, mergedInto, createdAt, at, unverified);
    }

    Customer withConversation(String conversationId, String previous, Instant at) {
        return new Customer(id, displayName, addresses, claims, preferredChannel, preferenceExplicit,
                lastInboundChannel, lastInboundAt, optedOut, conversationId, previous, mergedInto, createdAt, at,
                unverified);
    }

    Customer withPreferredChannel(String channel, boolean explicit, Instant at) {
        return new Customer(id, displayName, addresses, claims, channel, explicit && channel != null,
                lastInboundChannel, lastInboundAt, optedOut, currentConversationId, previousConversationId,
                mergedInto, createdAt, at, unverified);
    }

    Customer withOptOut(Address address, boolean out, Instant at) {
        var next = new ArrayList<>(optedOut.stream().filter(a -> !a.equals(address)).toList());
        if (out) {
            next.add(address);
        }
        return new Customer(id, displayName, addresses, claims, preferredChannel, preferenceExplicit,
                lastInboundChannel, lastInboundAt, next, currentConversationId, previousConversationId,
                mergedInto, createdAt, at, unverified);
    }

    Customer withMergedInto(String target, Instant at) {
        return new Customer(id, displayName, addresses, claims, preferredChannel, preferenceExplicit,
                lastInboundChannel, lastInboundAt, optedOut, currentConversationId, previousConversationId,
                target, createdAt, at, unverified);
    }

    Customer withDisplayName(String name, Instant at) {
        return new Customer(id, name, addresses, claims, preferredChannel, preferenceExplicit,
                lastInboundChannel, lastInboundAt, optedOut, currentConversationId, previousConversationId,
                mergedInto, createdAt, at, unverified);
    }

    /** Evidence came that the sender holds the address: an ordinary profile from now on. */
    Customer verified(Instant at) {
        return new Customer(id, displayName, addresses, claims, preferredChannel, preferenceExplicit,
                lastInboundChannel, lastInboundAt, optedOut, currentConversationId, previousConversationId,
                mergedInto, createdAt, at, null);
    }
}
