package io.switchboard.customer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Addresses a customer says are theirs but has not proven: a one-time code goes to the address when
 * its channel can carry one (the customer enters it), otherwise an agent confirms the claim. A
 * confirmed claim becomes a link ({@link IdentityChanges}).
 */
@Service
public class AddressClaims {

    private static final Logger log = LoggerFactory.getLogger(AddressClaims.class);

    private final CustomerDirectory customers;
    private final IdentityChanges changes;
    private final IMap<String, Customer> profiles;
    private final AddressConfirmations confirmations;
    private final ClaimLimits claimLimits;
    private final AddressNormalizer normalizer;
    private final Optional<ConfirmationCodeSender> codeSender;
    private final Clock clock;

    AddressClaims(CustomerDirectory customers, IdentityChanges changes, HazelcastInstance hazelcast,
                  AddressConfirmations confirmations, ClaimLimits claimLimits, AddressNormalizer normalizer,
                  Optional<ConfirmationCodeSender> codeSender, Clock clock) {
        this.customers = customers;
        this.changes = changes;
        this.profiles = hazelcast.getMap(CustomerDirectory.CUSTOMERS);
        this.confirmations = confirmations;
        this.claimLimits = claimLimits;
        this.normalizer = normalizer;
        this.codeSender = codeSender;
        this.clock = clock;
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
        Customer customer = customers.requireActive(customerId);
        if (customer.owns(address)) {
            return new Claim(address, false);
        }
        boolean canSend = codeSender.isPresent() && codeSender.get().canSend(address);
        claimLimits.check(customer.id(), address, canSend && normalizer.isPhoneChannel(address.channel()));
        profiles.executeOnKey(customer.id(),
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
        Customer customer = customers.requireActive(customerId);
        if (!customer.owns(address) && customer.claim(address).isEmpty()) {
            profiles.executeOnKey(customer.id(),
                    new CustomerChange.AddClaim(new ClaimedAddress(address, clock.instant(), via)));
        }
    }

    /** Checks a one-time code the customer entered; on success the claimed address is theirs. */
    public Optional<Address> confirmCode(String customerId, String code) {
        Optional<Address> confirmed = confirmations.verify(customerId, code);
        confirmed.ifPresent(address -> changes.link(customerId, address, "customer",
                "one-time code sent to the claimed address"));
        return confirmed;
    }

    /** An agent vouches for a claimed address. */
    public IdentityLink confirmClaim(String customerId, Address address, String actor) {
        Customer customer = customers.requireActive(customerId);
        if (customer.claim(address).isEmpty()) {
            throw new IllegalStateException("customer " + customerId + " has no claim on " + address.masked());
        }
        return changes.link(customerId, address, actor, "claim confirmed by an agent")
                .orElseThrow(() -> new IllegalStateException("address is already the customer's"));
    }
}
