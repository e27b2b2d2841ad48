package io.switchboard.customer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.system.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Recognises customers by their addresses and keeps their profiles. A new address makes a new
 * profile; two addresses become one customer only on evidence (an agent's link or merge, or a
 * confirmed claim), every such change is audited and can be undone. A sender the channel could not
 * vouch for gets a profile of its own, found by its address in an index apart from the real one: it
 * never becomes the address's owner's, nor the owner of the address, until there is evidence.
 *
 * <p>Identity changes touch several map entries one after another. Each step is idempotent and
 * ordered so that a failure part-way leaves every entry readable, and repeating the call finishes it.
 */
@Service
public class CustomerDirectory {

    static final String CUSTOMERS = "customers";
    static final String ADDRESSES = "customer-addresses";
    /** Address to the unverified profile its unvouched messages go to. */
    static final String UNVERIFIED_SENDERS = "customer-unverified-senders";
    private static final Logger log = LoggerFactory.getLogger(CustomerDirectory.class);

    private final IMap<String, Customer> customers;
    private final IMap<String, String> addresses;
    private final IMap<String, String> unverifiedSenders;
    private final IdentityLinks links;
    private final AddressConfirmations confirmations;
    private final ClaimLimits claimLimits;
    private final AddressNormalizer normalizer;
    private final Optional<ConfirmationCodeSender> codeSender;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CustomerDirectory(HazelcastInstance hazelcast, IdentityLinks links, AddressConfirmations confirmations,
                      ClaimLimits claimLimits, AddressNormalizer normalizer, Optional<ConfirmationCodeSender> codeSender, AuditLog audit,
                      ApplicationEventPublisher events, Clock clock) {
        this.customers = hazelcast.getMap(CUSTOMERS);
        this.addresses = hazelcast.getMap(ADDRESSES);
        this.unverifiedSenders = hazelcast.getMap(UNVERIFIED_SENDERS);
        this.links = links;
        this.confirmations = confirmations;
        this.claimLimits = claimLimits;
        this.normalizer = normalizer;
        this.codeSender = codeSender;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    public AddressNormalizer addresses() {
        return normalizer;
    }

    public Optional<Customer> find(String customerId) {
        return Optional.ofNullable(customers.get(customerId));
    }

    public Customer require(String customerId) {
        return find(customerId).orElseThrow(() -> new NoSuchCustomerException("no customer " + customerId));
    }

    /** The customer an address belongs to, if anyone. */
    public Optional<Customer> findByAddress(Address address) {
        return Optional.ofNullable(addresses.get(address.toString())).flatMap(this::find).map(this::followMerges);
    }

    /**
     * Records a message from {@code address}: finds or creates its customer, learns the channel,
     * and makes sure the customer has a current conversation ({@code candidateConversationId} when
     * they had none).
     */
    public Customer recordInbound(Address address, Instant at, String candidateConversationId) {
        String customerId = resolve(address, at);
        Customer customer = customers.executeOnKey(customerId,
                new CustomerChange.RecordInbound(address.channel(), at, candidateConversationId));
        if (customer.isMerged()) {
            // the address moved while this message was on its way: the survivor gets it
            return customers.executeOnKey(followMerges(customer).id(),
                    new CustomerChange.RecordInbound(address.channel(), at, candidateConversationId));
        }
        return customer;
    }

    /**
     * Records a message from {@code address} that its channel could not vouch for ({@code reason}):
     * it goes to the address's unverified profile, a new one when there is none yet (or the last was
     * merged into a customer or verified since). Never to the customer who owns the address.
     */
    public Customer recordUnverifiedInbound(Address address, String reason, Instant at, String candidateConversationId) {
        String key = address.toString();
        for (int attempt = 0; attempt < 3; attempt++) {
            String existing = unverifiedSenders.get(key);
            Customer profile = existing == null ? null : customers.get(existing);
            if (profile != null && !profile.isMerged() && profile.unverified() != null) {
                return customers.executeOnKey(profile.id(),
                        new CustomerChange.RecordInbound(address.channel(), at, candidateConversationId));
            }
            String id = UUID.randomUUID().toString();
            customers.executeOnKey(id, new CustomerChange.Create(Customer.unverifiedSender(id, address, reason, at)));
            boolean taken = existing == null ? unverifiedSenders.putIfAbsent(key, id) == null
                    : unverifiedSenders.replace(key, existing, id);
            if (taken) {
                log.info("unverified sender on {}: new customer {} of its own ({})", address.masked(), id, reason);
                audit.record("switchboard", "customer.unverified-sender", "customer", id,
                        Map.of("address", address.masked(), "reason", reason));
                return customers.executeOnKey(id,
                        new CustomerChange.RecordInbound(address.channel(), at, candidateConversationId));
            }
            customers.delete(id);
        }
        throw new IllegalStateException("could not record an unverified sender on " + address.masked());
    }

    /**
     * Evidence came that the sender of unverified customer {@code customerId} holds {@code address}
     * (they answered a message of ours sent there): when nobody owns the address yet, the profile
     * becomes its owner and an ordinary customer. Returns true when it did; false when the address
     * is someone's already (the message is then theirs, and an agent may merge).
     */
    public boolean verifySender(String customerId, Address address, String evidence) {
        Customer profile = find(customerId).orElse(null);
        if (profile == null || profile.unverified() == null || profile.isMerged() || !profile.owns(address)) {
            return false;
        }
        String owner = addresses.putIfAbsent(address.toString(), customerId);
        if (owner != null && !owner.equals(customerId)) {
            return false;
        }
        customers.executeOnKey(customerId, new CustomerChange.MarkVerified(clock.instant()));
        unverifiedSenders.remove(address.toString(), customerId);
        audit.record("switchboard", "customer.verified", "customer", customerId,
                Map.of("address", address.masked(), "evidence", evidence));
        log.info("customer {} verified on {}: {}", customerId, address.masked(), evidence);
        return true;
    }

    /** Makes {@code next} the customer's current conversation if it still is {@code expected}. */
    public Customer replaceConversation(String customerId, String expected, String next) {
        return customers.executeOnKey(customerId, new CustomerChange.ReplaceConversation(expected, next, clock.instant()));
    }

    /** Makes an existing conversation the customer's current one. */
    public Customer adoptConversation(String customerId, String conversationId) {
        return customers.executeOnKey(customerId, new CustomerChange.AdoptConversation(conversationId, clock.instant()));
    }

    /** Finds the customer of {@code address}, creating a profile for a new address. */
    public String resolve(Address address, Instant at) {
        String key = address.toString();
        String existing = addresses.get(key);
        if (existing != null) {
            return existing;
        }
        String id = UUID.randomUUID().toString();
        customers.executeOnKey(id, new CustomerChange.Create(Customer.firstSeen(id, address, at)));
        String raced = addresses.putIfAbsent(key, id);
        if (raced != null) {
            customers.delete(id);
            return raced;
        }
        log.info("new customer {} first seen on {}", id, address.masked());
        return id;
    }

    /**
     * Links {@code address} to the customer, taking it from whoever had it. Returns the recorded
     * link, or empty when the address already was theirs.
     */
    public Optional<IdentityLink> link(String customerId, Address address, String actor, String evidence) {
        Customer target = requireActive(customerId);
        String previous = addresses.get(address.toString());
        if (target.id().equals(previous)) {
            return Optional.empty();
        }
        Instant at = clock.instant();
        customers.executeOnKey(target.id(), new CustomerChange.AddAddress(address, at));
        addresses.set(address.toString(), target.id());
        if (previous != null) {
            customers.executeOnKey(previous, new CustomerChange.RemoveAddress(address, at));
        }
        var link = new IdentityLink(UUID.randomUUID().toString(), IdentityLink.LINK, target.id(), previous,
                List.of(address), evidence, actor, at, null, null);
        links.insert(link);
        audit.record(actor, "customer.address-linked", "customer", target.id(), Map.of(
                "link", link.id(), "address", address.masked(), "from", String.valueOf(previous),
                "evidence", String.valueOf(evidence)));
        return Optional.of(link);
    }

    /** Folds {@code sourceId} into {@code targetId}: all its addresses, and its open conversation. */
    public IdentityLink merge(String targetId, String sourceId, String actor, String evidence) {
        if (targetId.equals(sourceId)) {
            throw new IllegalArgumentException("a customer cannot be merged into itself");
        }
        Customer target = requireActive(targetId);
        Customer source = requireActive(sourceId);
        Instant at = clock.instant();
        customers.executeOnKey(source.id(), new CustomerChange.SetMergedInto(target.id(), at));
        var moved = new ArrayList<Address>();
        for (Address address : source.addresses()) {
            // an unverified profile's address was never its own: whoever owns it keeps it
            if (!source.id().equals(addresses.get(address.toString()))) {
                continue;
            }
            customers.executeOnKey(target.id(), new CustomerChange.AddAddress(address, at));
            addresses.set(address.toString(), target.id());
            customers.executeOnKey(source.id(), new CustomerChange.RemoveAddress(address, at));
            moved.add(address);
        }
        var link = new IdentityLink(UUID.randomUUID().toString(), IdentityLink.MERGE, target.id(), source.id(),
                moved, evidence, actor, at, null, null);
        links.insert(link);
        audit.record(actor, "customer.merged", "customer", target.id(), Map.of(
                "link", link.id(), "source", source.id(), "addresses", moved.size(),
                "evidence", String.valueOf(evidence)));
        events.publishEvent(new CustomerEvents.Merged(target.id(), source.id(), source.currentConversationId(),
                actor, at));
        return link;
    }

    /**
     * Undoes a link or a merge: the addresses go back, and what arrived on them since moves with them.
     */
    public IdentityLink unmerge(String customerId, String linkId, String actor) {
        IdentityLink link = links.find(linkId)
                .filter(l -> l.targetCustomerId().equals(customerId) || customerId.equals(l.sourceCustomerId()))
                .orElseThrow(() -> new NoSuchCustomerException("no link " + linkId + " for customer " + customerId));
        if (link.reversed()) {
            throw new IllegalStateException("link " + linkId + " was already undone");
        }
        Instant at = clock.instant();
        String restoredTo;
        if (IdentityLink.MERGE.equals(link.kind())) {
            restoredTo = link.sourceCustomerId();
            customers.executeOnKey(restoredTo, new CustomerChange.SetMergedInto(null, at));
        } else if (link.sourceCustomerId() != null && find(link.sourceCustomerId()).filter(c -> !c.isMerged()).isPresent()) {
            restoredTo = link.sourceCustomerId();
        } else {
            restoredTo = UUID.randomUUID().toString();
            customers.executeOnKey(restoredTo, new CustomerChange.Create(
                    new Customer(restoredTo, null, List.of(), List.of(), null, false, null, null, List.of(),
                            null, null, null, at, at, null)));
        }
        var moved = new ArrayList<Address>();
        for (Address address : link.addresses()) {
            if (!link.targetCustomerId().equals(addresses.get(address.toString()))) {
                continue; // linked elsewhere since: that later change wins
            }
            customers.executeOnKey(restoredTo, new CustomerChange.AddAddress(address, at));
            addresses.set(address.toString(), restoredTo);
            customers.executeOnKey(link.targetCustomerId(), new CustomerChange.RemoveAddress(address, at));
            moved.add(address);
        }
        if (!links.markReversed(link.id(), actor, at)) {
            throw new IllegalStateException("link " + linkId + " was already undone");
        }
        audit.record(actor, "customer.unmerged", "customer", link.targetCustomerId(), Map.of(
                "link", link.id(), "restoredTo", restoredTo, "addresses", moved.size()));
        events.publishEvent(new CustomerEvents.AddressesMoved(link.targetCustomerId(), restoredTo, List.copyOf(moved),
                link.createdAt(), actor));
        return links.find(link.id()).orElseThrow();
    }

    public List<IdentityLink> links(String customerId) {
        return links.forCustomer(customerId);
    }

    /** Outcome of a claim: the normalised address, and whether a code went out to it. */
    public record Claim(Address address, boolean codeSent) {
    }

    /**
     * Records an address the customer gave but has not proven. If its channel can carry a
     * one-time code, one is sent; otherwise an agent confirms it. Refused with
     * {@link ClaimRefusedException} when claims come too often or the address may get no code.
     */
    public Claim claim(String customerId, Address address, String via) {
        Customer customer = requireActive(customerId);
        if (customer.owns(address)) {
            return new Claim(address, false);
        }
        boolean canSend = codeSender.isPresent() && codeSender.get().canSend(address);
        claimLimits.check(customer.id(), address, canSend && normalizer.isPhoneChannel(address.channel()));
        customers.executeOnKey(customer.id(),
                new CustomerChange.AddClaim(new ClaimedAddress(address, clock.instant(), via)));
        boolean sent = false;
        if (canSend) {
            try {
                codeSender.get().send(address, confirmations.issue(customer.id(), address));
                sent = true;
            } catch (RuntimeException e) {
                // the claim stands: the customer can ask again, or an agent confirms it
                log.warn("no code could be sent to {}: {}", address.masked(), e.getClass().getSimpleName());
            }
        }
        log.info("customer {} claimed {} via {} (code sent: {})", customer.id(), address.masked(), via, sent);
        return new Claim(address, sent);
    }

    /**
     * Records an address a message named but nobody has proven (an e-mail's Reply-To): an agent may
     * confirm it; nothing is sent to it before.
     */
    public void recordClaim(String customerId, Address address, String via) {
        Customer customer = requireActive(customerId);
        if (!customer.owns(address) && customer.claim(address).isEmpty()) {
            customers.executeOnKey(customer.id(),
                    new CustomerChange.AddClaim(new ClaimedAddress(address, clock.instant(), via)));
        }
    }

    /** Checks a one-time code the customer entered; on success the claimed address is theirs. */
    public Optional<Address> confirmCode(String customerId, String code) {
        Optional<Address> confirmed = confirmations.verify(customerId, code);
        confirmed.ifPresent(address -> link(customerId, address, "customer",
                "one-time code sent to the claimed address"));
        return confirmed;
    }

    /** An agent vouches for a claimed address. */
    public IdentityLink confirmClaim(String customerId, Address address, String actor) {
        Customer customer = requireActive(customerId);
        if (customer.claim(address).isEmpty()) {
            throw new IllegalStateException("customer " + customerId + " has no claim on " + address.masked());
        }
        return link(customerId, address, actor, "claim confirmed by an agent")
                .orElseThrow(() -> new IllegalStateException("address is already the customer's"));
    }

    public Customer setPreferredChannel(String customerId, String channel, String actor) {
        Customer updated = customers.executeOnKey(requireActive(customerId).id(),
                new CustomerChange.SetPreferredChannel(channel, true, clock.instant()));
        audit.record(actor, "customer.preferred-channel", "customer", customerId,
                Map.of("channel", String.valueOf(channel)));
        return updated;
    }

    public Customer setOptOut(String customerId, Address address, boolean optedOut, String actor) {
        Customer updated = customers.executeOnKey(requireActive(customerId).id(),
                new CustomerChange.SetOptOut(address, optedOut, clock.instant()));
        audit.record(actor, optedOut ? "customer.opted-out" : "customer.opted-in", "customer", customerId,
                Map.of("address", address.masked()));
        return updated;
    }

    public Customer setDisplayName(String customerId, String name) {
        return customers.executeOnKey(requireActive(customerId).id(),
                new CustomerChange.SetDisplayName(name, clock.instant()));
    }

    private Customer requireActive(String customerId) {
        Customer customer = require(customerId);
        if (customer.isMerged()) {
            throw new IllegalStateException("customer " + customerId + " was merged into " + customer.mergedInto());
        }
        return customer;
    }

    private Customer followMerges(Customer customer) {
        Customer current = customer;
        for (int hops = 0; current.isMerged() && hops < 16; hops++) {
            current = require(current.mergedInto());
        }
        return current;
    }
}
