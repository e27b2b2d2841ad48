package io.switchboard.customer;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.system.RateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What keeps claimed-address codes from becoming a way to send texts anywhere (SMS pumping) or to
 * pester someone: a limit per claiming customer and per claimed address, the lock an address gets
 * after too many wrong codes, and the countries codes may go to by SMS. A refusal is counted in
 * {@code switchboard.customer.claims.refused{reason}} and logged with the address masked.
 */
@Component
class ClaimLimits {

    private static final Logger log = LoggerFactory.getLogger(ClaimLimits.class);

    private final RateLimits limits;
    private final AddressConfirmations confirmations;
    private final AddressNormalizer normalizer;
    private final CustomerProperties properties;
    private final MeterRegistry meters;

    ClaimLimits(RateLimits limits, AddressConfirmations confirmations, AddressNormalizer normalizer,
                CustomerProperties properties, MeterRegistry meters) {
        this.limits = limits;
        this.confirmations = confirmations;
        this.normalizer = normalizer;
        this.properties = properties;
        this.meters = meters;
    }

    /** Throws {@link ClaimRefusedException} unless the customer may claim the address now. */
    void check(String customerId, Address address, boolean codeBySms) {
        if (confirmations.locked(address)) {
            refuse(customerId, address, "address-locked", "too many wrong codes were entered for this address; "
                    + "try again later or ask an agent");
        }
        if (codeBySms) {
            String region = normalizer.regionOf(address);
            if (region == null || !properties.smsCodeCountries().contains(region)) {
                refuse(customerId, address, "country", "we cannot send a code to phone numbers of that country; "
                        + "an agent can confirm the number instead");
            }
        }
        if (!limits.allows("claims-per-customer", properties.claims().perCustomer(), customerId,
                "customer " + customerId)) {
            refuse(customerId, address, "too-many-claims", "too many addresses claimed; try again later");
        }
        if (!limits.allows("claims-per-address", properties.claims().perAddress(), address.toString(),
                address.masked())) {
            refuse(customerId, address, "address-busy", "this address was claimed too often; try again later");
        }
    }

    private void refuse(String customerId, Address address, String reason, String message) {
        meters.counter("switchboard.customer.claims.refused", "reason", reason).increment();
        log.warn("claim of {} by customer {} refused: {}", address.masked(), customerId, reason);
        throw new ClaimRefusedException(reason, message);
    }
}
