package io.switchboard.channel.twilio;

import io.switchboard.customer.Address;
import io.switchboard.customer.CustomerDirectory;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * One phone number on SMS and on voice is one identifier: Twilio tells us the sender of both. When
 * a number writes or calls, its address on the other channel belongs to the same customer: a number
 * new on one channel joins the customer who has it on the other, and a customer's number is claimed
 * for the other channel while nobody has it there (so a caller can be texted a follow-up). Each is an
 * audited link an agent can undo. Two customers that both exist are never merged.
 */
@Component
public class PhoneIdentity {

    static final List<String> CHANNELS = List.of("sms", "voice");
    private static final String ACTOR = "switchboard";

    private final CustomerDirectory customers;
    private final Clock clock;

    PhoneIdentity(CustomerDirectory customers, Clock clock) {
        this.customers = customers;
        this.clock = clock;
    }

    /** Call before a message or call from {@code address} is recorded. */
    public void adopt(Address address) {
        if (!CHANNELS.contains(address.channel())) {
            return;
        }
        Address sibling = new Address(CHANNELS.get(1 - CHANNELS.indexOf(address.channel())), address.value());
        var own = customers.findByAddress(address);
        var other = customers.findByAddress(sibling);
        if (own.isPresent() && other.isPresent()) {
            return;
        }
        if (own.isEmpty() && other.isPresent()) {
            customers.link(other.get().id(), address, ACTOR, evidence(sibling));
            return;
        }
        String customerId = own.isPresent() ? own.get().id() : customers.resolve(address, clock.instant());
        customers.link(customerId, sibling, ACTOR, evidence(address));
    }

    private static String evidence(Address seen) {
        return "same phone number as " + seen.masked() + ", verified by Twilio";
    }
}
