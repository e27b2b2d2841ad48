package io.switchboard.delivery;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.NoSuchConversationException;
import io.switchboard.envelope.Envelope;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What happens to a message the outbox gave up on: the failure goes on its turn for the agent and,
 * when allowed ({@code fallback-on-failure}), the text goes out again as a new turn on the next
 * channel that can reach the customer, through the same reply route.
 */
@Component
class DeadLetters {

    private final OutboundDispatcher outbound;
    private final DeliveryReceipts receipts;
    private final DeliveryProperties properties;

    DeadLetters(OutboundDispatcher outbound, DeliveryReceipts receipts, DeliveryProperties properties) {
        this.outbound = outbound;
        this.receipts = receipts;
        this.properties = properties;
    }

    void deadLettered(OutboxEntry entry, String reason) {
        String detail = reason;
        if (properties.outbox().fallbackOnFailure() && !entry.envelope().metadata().containsKey("fallbackFor")) {
            detail = reason + fallback(entry);
        }
        receipts.recordFailed(entry.conversationId(), entry.seq(), entry.channel(), detail);
    }

    /** Sends the text again on another channel; says where, or that nothing else can reach the customer. */
    private String fallback(OutboxEntry entry) {
        Envelope failed = entry.envelope();
        Author author = Author.fromWire(failed.metadata().getOrDefault("author", Author.AGENT.wireName()));
        try {
            var turn = outbound.send(new Reply(entry.conversationId(), Reply.Kind.NOTICE, author,
                    failed.metadata().get("authorName"), failed.text(), null, Set.of(entry.channel()),
                    Map.of("fallbackFor", Long.toString(entry.seq())))).turn();
            return "; sent again on " + turn.channel() + " as turn " + turn.seq();
        } catch (NoReachableChannelException | NoSuchConversationException e) {
            return "; no other channel can reach the customer";
        }
    }
}
