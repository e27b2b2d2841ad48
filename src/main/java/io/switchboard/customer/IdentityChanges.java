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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Who an address belongs to, changed on evidence: an address linked to a customer, a customer merged
 * into another, either undone. Every change is recorded as an {@link IdentityLink}, audited, and
 * published for the conversations to follow.
 *
 * <p>A change touches several map entries one after another. Each step is idempotent and ordered so
 * that a failure part-way leaves every entry readable, and repeating the call finishes it.
 */
@Service
public class IdentityChanges {

    private final CustomerDirectory customers;
    private final IMap<String, Customer> profiles;
    private final IMap<String, String> index;
    private final IdentityLinks links;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    IdentityChanges(CustomerDirectory customers, HazelcastInstance hazelcast, IdentityLinks links, AuditLog audit,
                    ApplicationEventPublisher events, Clock clock) {
        this.customers = customers;
        this.profiles = hazelcast.getMap(CustomerDirectory.CUSTOMERS);
        this.index = hazelcast.getMap(CustomerDirectory.ADDRESSES);
        this.links = links;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Links {@code address} to the customer, taking it from whoever had it. Returns the recorded
     * link, or empty when the address already was theirs.
     */
    public Optional<IdentityLink> link(String customerId, Address address, String actor, String evidence) {
        Customer target = customers.requireActive(customerId);
        String previous = index.get(address.toString());
        if (target.id().equals(previous)) {
            return Optional.empty();
        }
        Instant at = clock.instant();
        profiles.executeOnKey(target.id(), new CustomerChange.AddAddress(address, at));
        index.set(address.toString(), target.id());
        if (previous != null) {
            profiles.executeOnKey(previous, new CustomerChange.RemoveAddress(address, at));
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
        Customer target = customers.requireActive(targetId);
        Customer source = customers.requireActive(sourceId);
        Instant at = clock.instant();
        profiles.executeOnKey(source.id(), new CustomerChange.SetMergedInto(target.id(), at));
        var moved = new ArrayList<Address>();
        for (Address address : source.addresses()) {
            // an unverified profile's address was never its own: whoever owns it keeps it
            if (!source.id().equals(index.get(address.toString()))) {
                continue;
            }
            profiles.executeOnKey(target.id(), new CustomerChange.AddAddress(address, at));
            index.set(address.toString(), target.id());
            profiles.executeOnKey(source.id(), new CustomerChange.RemoveAddress(address, at));
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
            profiles.executeOnKey(restoredTo, new CustomerChange.SetMergedInto(null, at));
        } else if (link.sourceCustomerId() != null && customers.find(link.sourceCustomerId()).filter(c -> !c.isMerged()).isPresent()) {
            restoredTo = link.sourceCustomerId();
        } else {
            restoredTo = UUID.randomUUID().toString();
            profiles.executeOnKey(restoredTo, new CustomerChange.Create(
                    new Customer(restoredTo, null, List.of(), List.of(), null, false, null, null, List.of(),
                            null, null, null, at, at, null)));
        }
        var moved = new ArrayList<Address>();
        for (Address address : link.addresses()) {
            if (!link.targetCustomerId().equals(index.get(address.toString()))) {
                continue; // linked elsewhere since: that later change wins
            }
            profiles.executeOnKey(restoredTo, new CustomerChange.AddAddress(address, at));
            index.set(address.toString(), restoredTo);
            profiles.executeOnKey(link.targetCustomerId(), new CustomerChange.RemoveAddress(address, at));
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
}
