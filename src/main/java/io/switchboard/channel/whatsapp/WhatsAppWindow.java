package io.switchboard.channel.whatsapp;

import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.customer.Address;
import io.switchboard.envelope.Envelope;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.delivery.Reachability;
import io.switchboard.envelope.Direction;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * WhatsApp's customer-service window: the business may write free text only within {@code window}
 * (24 hours) of the customer's last WhatsApp message. Outside it a WhatsApp address is reachable only
 * by an approved template: the message's own ({@link Envelope#PROVIDER_TEMPLATE}, a notification's),
 * else the one configured for replies (the sender then sends the template); otherwise channel
 * choice skips it, so the reply goes to the next channel the customer allows, and the outbox
 * refuses it with this reason.
 */
@Component
class WhatsAppWindow implements Reachability {

    private final CustomerDirectory customers;
    private final ConversationMemory memory;
    private final WhatsAppProperties properties;
    private final Clock clock;

    WhatsAppWindow(CustomerDirectory customers, ConversationMemory memory, WhatsAppProperties properties, Clock clock) {
        this.customers = customers;
        this.memory = memory;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Optional<String> unreachable(Address address, Map<String, String> message) {
        if (!WhatsAppChannel.ID.equals(address.channel()) || open(address) || properties.template() != null
                || message.containsKey(Envelope.PROVIDER_TEMPLATE)) {
            return Optional.empty();
        }
        return Optional.of("outside WhatsApp's customer-service window (" + DurationStyle.SIMPLE.print(properties.window())
                + " since the customer's last message) and no template is configured");
    }

    /** Whether the customer wrote on this WhatsApp address within the window. */
    boolean open(Address address) {
        return lastMessage(address).filter(at -> !at.plus(properties.window()).isBefore(clock.instant())).isPresent();
    }

    /**
     * When the customer last wrote from the address, as far as their current conversation's recent
     * turns tell; an older conversation or turns folded into the summary count as outside the window.
     */
    private Optional<Instant> lastMessage(Address address) {
        String written = address.toString();
        return customers.findByAddress(address).map(Customer::currentConversationId).flatMap(memory::find)
                .flatMap(conversation -> conversation.turns().stream()
                        .filter(t -> t.direction() == Direction.INBOUND && written.equals(t.address()))
                        .map(Turn::at).max(Comparator.naturalOrder()));
    }
}
