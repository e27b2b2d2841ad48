package io.switchboard.customer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.customer.Address;
import io.switchboard.customer.CustomerDirectory;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opt-outs (SMS STOP and the like). Recorded on the profile of the customer who owns the address,
 * where agents see it, and in a register of addresses that belongs to the address itself: a number
 * that said STOP gets nothing even after it is linked to another customer or unmerged.
 */
@Component
public class Consent {

    static final String MAP = "opted-out-addresses";
    private static final Logger log = LoggerFactory.getLogger(Consent.class);

    private final IMap<String, OptOut> optedOut;
    private final CustomerDirectory customers;
    private final Clock clock;

    Consent(HazelcastInstance hazelcast, CustomerDirectory customers, Clock clock) {
        this.optedOut = hazelcast.getMap(MAP);
        this.customers = customers;
        this.clock = clock;
    }

    /** When and how an address opted out. */
    public record OptOut(Instant at, String via) {
    }

    /** Nothing more goes to {@code address} until it opts in again; audited on the customer. */
    public void optOut(Address address, String via) {
        optedOut.set(address.toString(), new OptOut(clock.instant(), via));
        String customerId = customers.resolve(address, clock.instant());
        customers.setOptOut(customerId, address, true, "customer");
        log.info("{} opted out via {}", address.masked(), via);
    }

    public void optIn(Address address, String via) {
        optedOut.delete(address.toString());
        String customerId = customers.resolve(address, clock.instant());
        customers.setOptOut(customerId, address, false, "customer");
        log.info("{} opted in via {}", address.masked(), via);
    }

    /** True when messages may go to {@code address}. */
    public boolean allows(Address address) {
        if (optedOut.containsKey(address.toString())) {
            return false;
        }
        return customers.findByAddress(address).map(c -> !c.isOptedOut(address)).orElse(true);
    }
}
