package io.switchboard.delivery;

import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Threading;
import io.switchboard.customer.Address;
import io.switchboard.customer.ConfirmationCodeSender;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Sends one-time codes for claimed addresses through the outbound route (so opt-outs and channel
 * checks apply) straight to the channel's sink, without the outbox: a code is short-lived, and it is
 * not a conversation turn, so it never shows in a timeline, a table or a log.
 */
@Component
class KameletCodeSender implements ConfirmationCodeSender {

    private static final Logger log = LoggerFactory.getLogger(KameletCodeSender.class);

    private final ChannelCatalog catalog;
    private final ObjectProvider<OutboundChecks> checks;
    private final ProducerTemplate producer;
    private final Clock clock;

    // the checks need the customer directory, which needs this sender: looked up when first used
    KameletCodeSender(ChannelCatalog catalog, ObjectProvider<OutboundChecks> checks, ProducerTemplate producer,
                      Clock clock) {
        this.catalog = catalog;
        this.checks = checks;
        this.producer = producer;
        this.clock = clock;
    }

    @Override
    public boolean canSend(Address address) {
        // on a session channel a code would reach the same person who typed the claim: no point sending
        return !catalog.isSession(address.channel()) && catalog.canSend(address.channel())
                && checks.getObject().refusal(address.channel(), address, Map.of()).isEmpty();
    }

    @Override
    public void send(Address address, String code) {
        String text = "Your confirmation code is " + code
                + ". Enter it in the chat to link this address. If you did not ask for it, ignore this message.";
        String id = UUID.randomUUID().toString();
        var envelope = new Envelope(id, address.channel(), Direction.OUTBOUND, null, null,
                address.value(), text, "Your confirmation code", List.of(), Threading.NONE, null, clock.instant(),
                Map.of("purpose", "confirmation-code"));
        Exchange result = producer.send(OutboxWorker.SEND_ROUTE, exchange -> {
            exchange.getMessage().setBody(envelope);
            exchange.getMessage().setHeader(EnvelopeHeaders.CHANNEL, address.channel());
            exchange.getMessage().setHeader(EnvelopeHeaders.IDEMPOTENCY_KEY, id);
        });
        if (result.getException() != null) {
            log.warn("confirmation code to {} not sent: {}", address.masked(),
                    DeliveryFailures.classify(result.getException()).reason());
            throw new IllegalStateException("the confirmation code could not be sent", result.getException());
        }
    }
}
