package io.switchboard.customer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.system.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Recognises customers by their addresses and keeps their profiles. A new address makes a new
 * profile; two addresses become one customer only on evidence ({@link IdentityChanges}: an agent's
 * link or merge, a confirmed {@link AddressClaims claim}). A sender the channel could not vouch for
 * gets a profile of its own, found by its address in an index apart from the real one: it never
 * becomes the address's owner's, nor the owner of the address, until there is evidence.
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
    private final AddressNormalizer normalizer;
    private final AuditLog audit;
    private final Clock clock;

    CustomerDirectory(HazelcastInstance hazelcast, AddressNormalizer normalizer, AuditLog audit, Clock clock) {
        this.customers = hazelcast.getMap(CUSTOMERS);
        this.addresses = hazelcast.getMap(ADDRESSES);
        this.unverifiedSenders = hazelcast.getMap(UNVERIFIED_SENDERS);
        this.normalizer = normalizer;
        this.audit = audit;
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

    Customer requireActive(String customerId) {
        Customer customer = require(customerId);
        if (customer.isMerged()) {
            throw new IllegalStateException("customer " + customerId + " was merged into " + customer.mergedInto());
        }
        return customer;
    }

    Customer followMerges(Customer customer) {
        Customer current = customer;
        for (int hops = 0; current.isMerged() && hops < 16; hops++) {
            current = require(current.mergedInto());
        }
        return current;
    }
}
