package io.switchboard.delivery;

import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Delivery;
import io.switchboard.conversation.DeliveryStatus;
import io.switchboard.envelope.Receipt;
import java.time.Clock;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place delivery status reaches a turn (the {@code receipts} route, {@code direct:receipt}):
 * sent (the outbox, once the provider accepted it), failed (dead-lettered, or a bounce), and the
 * providers' later receipts (delivered, undelivered). Statuses never move back.
 */
@Component("deliveryReceipts")
public class DeliveryReceipts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

    private final ConversationMemory memory;
    private final Clock clock;

    DeliveryReceipts(ConversationMemory memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    /** Records the receipt on its turn; false when no message of ours matches it. */
    public boolean record(@Body Receipt receipt) {
        DeliveryStatus status = switch (receipt.status()) {
            case SENT -> DeliveryStatus.SENT;
            case DELIVERED -> DeliveryStatus.DELIVERED;
            case FAILED -> DeliveryStatus.FAILED;
        };
        var delivery = new Delivery(status, receipt.channel(), receipt.detail(), clock.instant());
        if (receipt.conversationId() != null && receipt.seq() > 0) {
            memory.updateDelivery(receipt.conversationId(), receipt.seq(), delivery, receipt.providerMessageId());
            return true;
        }
        boolean found = memory.updateDeliveryOfSent(receipt.channel(), receipt.providerMessageId(), delivery);
        if (!found) {
            log.debug("receipt on {} for a message we did not send: ignored", receipt.channel());
        }
        return found;
    }

    /** The provider accepted the message (the outbox). */
    void recordSent(String conversationId, long seq, String channel, String providerMessageId) {
        record(Receipt.forTurn(channel, conversationId, seq, Receipt.Status.SENT, providerMessageId, providerMessageId));
    }

    /** The message could not be delivered; {@code reason} is shown to agents (no message text). */
    void recordFailed(String conversationId, long seq, String channel, String reason) {
        record(Receipt.forTurn(channel, conversationId, seq, Receipt.Status.FAILED, reason, null));
    }
}
