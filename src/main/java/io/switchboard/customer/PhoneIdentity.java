package io.switchboard.customer;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One phone number is one identifier on every phone channel ({@code switchboard.customer.phone-channels}):
 * the provider tells us the sender. When a number writes or calls, its addresses on the other phone
 * channels belong to the same customer: a number new on one channel joins the customer who has it on
 * another, and a customer's number is claimed for the other channels while nobody has it there (so a
 * caller can be texted a follow-up). Each is an audited link an agent can undo. Two customers that
 * both exist are never merged.
 */
@Component
public class PhoneIdentity {

    private static final String ACTOR = "switchboard";

    private final CustomerDirectory customers;
    private final IdentityChanges changes;
    private final List<String> channels;
    private final Clock clock;

    PhoneIdentity(CustomerDirectory customers, IdentityChanges changes, CustomerProperties properties, Clock clock) {
        this.customers = customers;
        this.changes = changes;
        this.channels = properties.phoneChannels();
        this.clock = clock;
    }

    /** Call before a message or call from {@code address} is recorded. */
    public void adopt(Address address) {
        if (!channels.contains(address.channel())) {
            return;
        }
        List<Address> siblings = channels.stream().filter(c -> !c.equals(address.channel()))
                .map(c -> new Address(c, address.value())).toList();
        Optional<Customer> own = customers.findByAddress(address);
        Optional<Address> ownedSibling = siblings.stream().filter(s -> customers.findByAddress(s).isPresent()).findFirst();
        String customerId;
        if (own.isPresent()) {
            customerId = own.get().id();
        } else if (ownedSibling.isPresent()) {
            customerId = customers.findByAddress(ownedSibling.get()).orElseThrow().id();
            changes.link(customerId, address, ACTOR, evidence(ownedSibling.get()));
        } else {
            customerId = customers.resolve(address, clock.instant());
        }
        for (Address sibling : siblings) {
            if (customers.findByAddress(sibling).isEmpty()) {
                changes.link(customerId, sibling, ACTOR, evidence(address));
            }
        }
    }

    private static String evidence(Address seen) {
        return "same phone number as " + seen.masked() + ", verified by the provider";
    }
}
