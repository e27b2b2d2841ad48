package io.switchboard.customer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.privacy.DataSubject;
import io.switchboard.privacy.PersonalDataHolder;
import io.switchboard.privacy.SubjectArchive;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The customer's profiles in an export or erasure: the profile asked for (or the one it was merged
 * into), every profile merged into that one, and the unverified profiles that wrote from their
 * addresses; their addresses, names, claims, identity links, consent records, opt-outs and pending
 * confirmation codes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CustomerData implements PersonalDataHolder {

    private final CustomerDirectory directory;
    private final IMap<String, Customer> customers;
    private final IMap<String, String> addresses;
    private final IMap<String, String> unverifiedSenders;
    private final IMap<String, Consent.OptOut> optedOut;
    private final IMap<String, Object> confirmations;
    private final IMap<String, Object> codeFailures;
    private final IdentityLinks links;
    private final Consent consent;
    private final Suppressions suppressions;
    private final NamedParameterJdbcTemplate jdbc;

    CustomerData(HazelcastInstance hazelcast, CustomerDirectory directory, IdentityLinks links, Consent consent,
                 Suppressions suppressions, NamedParameterJdbcTemplate jdbc) {
        this.consent = consent;
        this.suppressions = suppressions;
        this.directory = directory;
        this.customers = hazelcast.getMap(CustomerDirectory.CUSTOMERS);
        this.addresses = hazelcast.getMap(CustomerDirectory.ADDRESSES);
        this.unverifiedSenders = hazelcast.getMap(CustomerDirectory.UNVERIFIED_SENDERS);
        this.optedOut = hazelcast.getMap(Consent.MAP);
        this.confirmations = hazelcast.getMap(AddressConfirmations.MAP);
        this.codeFailures = hazelcast.getMap(AddressConfirmations.FAILURES);
        this.links = links;
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "customer-profiles";
    }

    @Override
    public DataSubject widen(DataSubject subject) {
        Customer asked = directory.require(subject.customerId());
        Customer holder = directory.followMerges(asked);
        Set<String> ids = new LinkedHashSet<>(subject.customerIds());
        ids.add(holder.id());
        Set<String> found = Set.copyOf(ids);
        // profiles merged into these, and into those, ...
        while (!found.isEmpty()) {
            found = new LinkedHashSet<>(jdbc.queryForList("select id from customer where merged_into in (:ids)",
                    Map.of("ids", found), String.class));
            found.removeAll(ids);
            ids.addAll(found);
        }
        Set<String> owned = new LinkedHashSet<>();
        profiles(ids).forEach(profile -> owned.addAll(addressesOf(profile)));
        // an unverified profile that wrote from one of their addresses carries that address and what was said on it
        owned.stream().map(unverifiedSenders::get).filter(Objects::nonNull).forEach(ids::add);
        Set<String> all = new LinkedHashSet<>();
        profiles(ids).forEach(profile -> all.addAll(addressesOf(profile)));
        return subject.heldBy(holder.id()).withCustomers(ids).withAddresses(all);
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        archive.json("customer/profiles.json", profiles(subject.customerIds()));
        var linkList = new LinkedHashMap<String, IdentityLink>();
        subject.customerIds().forEach(id -> links.forCustomer(id).forEach(link -> linkList.put(link.id(), link)));
        archive.json("customer/identity-links.json", linkList.values());
        var optOuts = new LinkedHashMap<String, Consent.OptOut>();
        subject.addresses().forEach(address -> {
            Consent.OptOut out = optedOut.get(address);
            if (out != null) {
                optOuts.put(address, out);
            }
        });
        archive.json("customer/opt-outs.json", optOuts);
        archive.json("customer/consent.json", consent.history(subject.addresses()));
    }

    @Override
    public long erase(DataSubject subject) {
        long removed = 0;
        Set<String> ids = subject.customerIds();
        // what they refused outlives them (a number that said STOP gets nothing when it comes back):
        // kept under a keyed hash of the address before the opt-outs and records below go
        consent.refusals(subject.addresses()).forEach(suppressions::keep);
        for (String address : subject.addresses()) {
            String owner = addresses.get(address);
            if (owner != null && ids.contains(owner) && addresses.remove(address, owner)) {
                removed++;
            }
            String unverified = unverifiedSenders.get(address);
            if (unverified != null && ids.contains(unverified) && unverifiedSenders.remove(address, unverified)) {
                removed++;
            }
            if (optedOut.remove(address) != null) {
                removed++;
            }
            if (codeFailures.remove(address) != null) {
                removed++;
            }
        }
        removed += jdbc.update("""
                delete from identity_link where target_customer_id in (:ids) or source_customer_id in (:ids)""",
                Map.of("ids", ids));
        removed += jdbc.update("delete from consent_record where customer_id in (:ids) or address in (:addresses)",
                Map.of("ids", ids, "addresses", subject.addresses().isEmpty() ? Set.of("") : subject.addresses()));
        for (String id : ids) {
            confirmations.delete(id);
            if (customers.remove(id) != null) {
                removed++;
            }
        }
        return removed;
    }

    private List<Customer> profiles(Collection<String> ids) {
        var found = new ArrayList<Customer>();
        ids.forEach(id -> directory.find(id).ifPresent(found::add));
        return found;
    }

    private static Set<String> addressesOf(Customer profile) {
        Set<String> all = new LinkedHashSet<>();
        profile.addresses().forEach(a -> all.add(a.toString()));
        profile.claims().forEach(c -> all.add(c.address().toString()));
        profile.optedOut().forEach(a -> all.add(a.toString()));
        return all;
    }
}
