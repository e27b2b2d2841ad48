package io.switchboard.delivery;

import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Delivery;
import io.switchboard.conversation.DeliveryStatus;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records on the turn what happened to an outbound message: sent (the outbox, once the provider
 * accepted it), failed (dead-lettered), and the provider's later receipts (delivered, undelivered).
 * Statuses never move back.
 */
@Component("deliveryReceipts")
public class DeliveryReceipts {

    /** Header a sink sets to the provider's id of the sent message. */
    public static final String PROVIDER_MESSAGE_ID = "switchboard-provider-message-id";
    private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

    private final ConversationMemory memory;
    private final Clock clock;

    DeliveryReceipts(ConversationMemory memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    /** The provider accepted the message. */
    public void recordSent(String conversationId, long seq, String channel, String providerMessageId) {
        recordStatus(conversationId, seq, DeliveryStatus.SENT, channel, providerMessageId, providerMessageId);
    }

    /** The message could not be delivered; {@code reason} is shown to agents (no message text). */
    public void recordFailed(String conversationId, long seq, String channel, String reason) {
        recordStatus(conversationId, seq, DeliveryStatus.FAILED, channel, reason, null);
    }

    /** A status from the provider's receipts; ignored when it would move the turn back. */
    public void recordStatus(String conversationId, long seq, DeliveryStatus status, String channel, String detail,
                             String providerMessageId) {
        if (conversationId == null || seq <= 0) {
            return;
        }
        memory.updateDelivery(conversationId, seq, new Delivery(status, channel, detail, clock.instant()),
                providerMessageId);
    }

    public void sent(Exchange exchange) {
        update(exchange, DeliveryStatus.SENT, exchange.getMessage().getHeader(PROVIDER_MESSAGE_ID, String.class));
    }

    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName();
        log.warn("delivery of turn {} of conversation {} failed: {}",
                exchange.getMessage().getHeader(EnvelopeHeaders.TURN_SEQ),
                exchange.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID), reason);
        update(exchange, DeliveryStatus.FAILED, reason);
    }

    private void update(Exchange exchange, DeliveryStatus status, String detail) {
        String conversationId = exchange.getMessage().getHeader(EnvelopeHeaders.CONVERSATION_ID, String.class);
        Long seq = exchange.getMessage().getHeader(EnvelopeHeaders.TURN_SEQ, Long.class);
        String channel = exchange.getMessage().getHeader(EnvelopeHeaders.CHANNEL, String.class);
        if (conversationId == null || seq == null) {
            return;
        }
        memory.updateDelivery(conversationId, seq, new Delivery(status, channel, detail, clock.instant()),
                status == DeliveryStatus.SENT ? detail : null);
    }
}
