package io.switchboard.delivery;

import io.switchboard.envelope.DeliveryRefusedException;
import io.switchboard.envelope.Envelope;
import io.switchboard.customer.Address;
import io.switchboard.customer.Consent;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.InvalidAddressException;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * The last look before anything goes out, on every outbound path (replies, fallbacks, one-time
 * codes): the channel is usable, the address has not opted out and can be reached now, and the text
 * is not longer than the channel carries. A refusal is
 * final: the outbox does not retry it.
 */
@Component("outboundChecks")
class OutboundChecks {

    private final ChannelCatalog catalog;
    private final Consent consent;
    private final CustomerDirectory customers;

    OutboundChecks(ChannelCatalog catalog, Consent consent, CustomerDirectory customers) {
        this.catalog = catalog;
        this.consent = consent;
        this.customers = customers;
    }

    /** Throws {@link DeliveryRefusedException} when {@code envelope} must not be sent. */
    public void check(@Body Envelope envelope) {
        Address to;
        try {
            to = customers.addresses().normalize(envelope.channel(), envelope.to());
        } catch (InvalidAddressException e) {
            throw new DeliveryRefusedException("not a valid recipient on " + envelope.channel());
        }
        refusal(envelope.channel(), to, envelope.metadata()).or(() -> catalog.tooLong(envelope.channel(), envelope.text()))
                .ifPresent(reason -> {
                    throw new DeliveryRefusedException(reason);
                });
    }

    Optional<String> refusal(String channel, Address address, Map<String, String> message) {
        if (!catalog.canSend(channel)) {
            return Optional.of(channel + " is switched off" + catalog.unavailable(channel).map(r -> ": " + r).orElse(""));
        }
        if (!consent.allows(address)) {
            return Optional.of("the customer opted out of " + channel);
        }
        return catalog.unreachable(address, message);
    }
}
