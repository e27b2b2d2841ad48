package io.switchboard.customer;

import io.switchboard.envelope.Envelope;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * The "identify the customer" step of the inbound pipeline. The sender's address is normalised once
 * here. A sender the channel vouches for is the address's owner (a phone number joins its customer
 * on every phone channel); one it could not vouch for ({@link Envelope#UNVERIFIED}) is kept apart
 * under a profile of its own, unless the message answers one we sent to that very address, which
 * only its holder received. Where the sender asked answers to go (a Reply-To) becomes a claim an
 * agent may confirm.
 */
@Component("customerIdentity")
public class CustomerIdentity {

    private final CustomerDirectory customers;
    private final AddressClaims claims;
    private final PhoneIdentity phones;
    private final SentMessages sent;

    CustomerIdentity(CustomerDirectory customers, AddressClaims claims, PhoneIdentity phones, SentMessages sent) {
        this.customers = customers;
        this.claims = claims;
        this.phones = phones;
        this.sent = sent;
    }

    /** Recognises the sender of an inbound message; an unreadable address is refused ({@link InvalidAddressException}). */
    public Identity identify(@Body Envelope envelope) {
        Address from = customers.addresses().normalize(envelope.channel(), envelope.from());
        String unverified = envelope.unverified();
        String evidence = null;
        if (unverified != null && answersOurMessageTo(envelope, from)) {
            unverified = null;
            evidence = "answers a message we sent to this address";
        }
        String candidate = UUID.randomUUID().toString();
        Customer customer;
        if (unverified == null) {
            phones.adopt(from);
            customer = customers.recordInbound(from, envelope.timestamp(), candidate);
        } else {
            customer = customers.recordUnverifiedInbound(from, unverified, envelope.timestamp(), candidate);
        }
        replyTo(envelope, from).ifPresent(address -> claims.recordClaim(customer.id(), address,
                "reply-to of a message"));
        return new Identity(customer.id(), from, unverified, evidence);
    }

    /**
     * True when the message answers one the gateway sent to {@code from} itself. An unverified
     * profile that message went to becomes the address's owner when nobody is yet.
     */
    private boolean answersOurMessageTo(Envelope envelope, Address from) {
        String inReplyTo = envelope.threading().inReplyTo();
        if (inReplyTo == null) {
            return false;
        }
        Optional<SentMessages.Sent> ours = sent.find(envelope.channel(), inReplyTo).filter(s -> s.to().equals(from));
        ours.ifPresent(s -> customers.verifySender(s.customerId(), from, "answered message " + inReplyTo));
        return ours.isPresent();
    }

    /** Where the sender asked answers to go, when that is another address of the same channel. */
    private Optional<Address> replyTo(Envelope envelope, Address from) {
        String replyTo = envelope.metadata().get(Envelope.REPLY_TO);
        if (replyTo == null) {
            return Optional.empty();
        }
        try {
            Address address = customers.addresses().parse(replyTo);
            return address.channel().equals(from.channel()) && !address.equals(from) ? Optional.of(address)
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
