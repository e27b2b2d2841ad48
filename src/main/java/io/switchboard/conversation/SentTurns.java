package io.switchboard.conversation;

import io.switchboard.customer.Address;
import io.switchboard.customer.SentMessages;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Identity's view of what the gateway sent: every outbound turn, by the id its provider gave it. */
@Component
class SentTurns implements SentMessages {

    private final TurnRepository turns;
    private final ConversationMemory memory;

    SentTurns(TurnRepository turns, ConversationMemory memory) {
        this.turns = turns;
        this.memory = memory;
    }

    @Override
    public Optional<Sent> find(String channel, String providerMessageId) {
        return turns.outboundByProviderMessageId(channel, providerMessageId)
                .filter(located -> located.turn().address() != null)
                .flatMap(located -> memory.find(located.conversationId())
                        .map(c -> new Sent(Address.parse(located.turn().address()), c.customerId())));
    }
}
