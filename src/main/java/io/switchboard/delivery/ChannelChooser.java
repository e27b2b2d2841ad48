package io.switchboard.delivery;

import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Turn;
import io.switchboard.customer.Address;
import io.switchboard.customer.Consent;
import io.switchboard.customer.Customer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Picks the channel and address a reply goes to: the channel asked for, else the customer's stated
 * preference, else the channel of their last message, else the configured fallback order; a channel
 * qualifies when it has a connector and the customer has an address on it that has not opted out and
 * can be reached now (a voice call still going on). On a channel, the address of the customer's last
 * message there, or the one it asked answers to go to once that is the customer's own; only ever an
 * address the customer owns.
 */
@Component
class ChannelChooser {

    private final ChannelCatalog catalog;
    private final DeliveryProperties properties;
    private final Consent consent;

    ChannelChooser(ChannelCatalog catalog, DeliveryProperties properties, Consent consent) {
        this.catalog = catalog;
        this.properties = properties;
        this.consent = consent;
    }

    /**
     * Where a reply goes.
     *
     * @param passedOver the channels ahead of it in the customer's order that could not take the reply
     *                   now, each with why ({@code whatsapp: outside WhatsApp's customer-service window}),
     *                   or null when it is the first
     */
    public record Target(String channel, Address address, String passedOver) {

        Target(String channel, Address address) {
            this(channel, address, null);
        }
    }

    /**
     * Where {@code text} goes. A channel asked for that cannot carry it (longer than the channel's
     * declared limit) is refused with {@link ReplyTooLongException}; one chosen for the customer is
     * passed over for the next, with the reason.
     */
    Target choose(Customer customer, Conversation conversation, String requestedChannel, String text,
                  Map<String, String> message) {
        if (requestedChannel != null && !requestedChannel.isBlank()) {
            catalog.tooLong(requestedChannel, text).ifPresent(reason -> {
                throw new ReplyTooLongException(reason);
            });
            return reachable(customer, conversation, requestedChannel, a -> true, message)
                    .orElseThrow(() -> new NoReachableChannelException("the customer cannot be reached on "
                            + requestedChannel + explain(customer, requestedChannel)));
        }
        return preferred(customer, conversation, Set.of(), channel -> text, a -> true, channel -> message)
                .orElseThrow(() -> new NoReachableChannelException(
                "no installed channel can reach this customer" + (customer.optedOut().isEmpty() ? ""
                        : " (opted out: " + customer.optedOut().stream().map(Address::channel).distinct().toList() + ")")));
    }

    /** Where {@code text} goes when it could not go out on the {@code excluded} channels. */
    Optional<Target> chooseOther(Customer customer, Conversation conversation, Set<String> excluded, String text) {
        return preferred(customer, conversation, excluded, channel -> text, a -> true, channel -> Map.of());
    }

    /**
     * Where a message the company starts goes, in the same order as a reply: the first channel whose
     * text ({@code textOn}, null where there is none) fits and that has an address {@code allowed}
     * accepts besides everything a reply needs, {@code messageOn} giving the message's metadata on
     * each channel (an approved template it would carry there). {@code conversation} may be null.
     */
    Optional<Target> chooseAllowed(Customer customer, Conversation conversation, Predicate<Address> allowed,
                                   Function<String, String> textOn, Function<String, Map<String, String>> messageOn) {
        return preferred(customer, conversation, Set.of(), textOn, allowed, messageOn);
    }

    private Optional<Target> preferred(Customer customer, Conversation conversation, Set<String> excluded,
                                       Function<String, String> textOn, Predicate<Address> allowed,
                                       Function<String, Map<String, String>> messageOn) {
        var order = new LinkedHashSet<String>();
        if (customer.preferredChannel() != null && customer.preferenceExplicit()) {
            order.add(customer.preferredChannel());
        }
        lastInboundChannel(conversation).ifPresent(order::add);
        customer.replyChannel().ifPresent(order::add);
        order.addAll(properties.fallbackOrder());
        customer.addresses().forEach(a -> order.add(a.channel()));
        order.removeAll(excluded);
        var passedOver = new ArrayList<String>();
        for (String channel : order) {
            String text = textOn.apply(channel);
            if (text == null) {
                continue;
            }
            var tooLong = catalog.tooLong(channel, text);
            if (tooLong.isPresent()) {
                if (catalog.canSend(channel) && customer.addresses().stream().anyMatch(a -> a.channel().equals(channel))) {
                    passedOver.add(channel + ": " + tooLong.get());
                }
                continue;
            }
            var target = reachable(customer, conversation, channel, allowed, messageOn.apply(channel));
            if (target.isPresent()) {
                return passedOver.isEmpty() ? target : Optional.of(new Target(target.get().channel(),
                        target.get().address(), String.join("; ", passedOver)));
            }
            if (catalog.canSend(channel) && customer.addresses().stream().anyMatch(a -> a.channel().equals(channel))) {
                passedOver.add(channel + explain(customer, channel));
            }
        }
        return Optional.empty();
    }

    private Optional<Target> reachable(Customer customer, Conversation conversation, String channel,
                                       Predicate<Address> allowed, Map<String, String> message) {
        if (!catalog.canSend(channel)) {
            return Optional.empty();
        }
        var candidates = new ArrayList<Address>();
        lastInboundOn(conversation, channel).ifPresent(last -> {
            // where the message asked answers to go, once that address is the customer's (an agent confirmed it)
            Optional.ofNullable(last.metadata().get(Envelope.REPLY_TO)).flatMap(ChannelChooser::address)
                    .ifPresent(candidates::add);
            candidates.add(Address.parse(last.address()));
        });
        var owned = customer.addresses();
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i).channel().equals(channel)) {
                candidates.add(owned.get(i));
            }
        }
        return candidates.stream()
                .filter(customer::owns)
                .filter(a -> !customer.isOptedOut(a) && consent.allows(a))
                .filter(a -> catalog.unreachable(a, message).isEmpty())
                .filter(allowed)
                .findFirst()
                .map(a -> new Target(channel, a));
    }

    private String explain(Customer customer, String channel) {
        if (customer.optedOut().stream().anyMatch(a -> a.channel().equals(channel))) {
            return ": the customer opted out";
        }
        var unreachable = customer.addresses().stream().filter(a -> a.channel().equals(channel))
                .map(catalog::unreachable).flatMap(Optional::stream).findFirst();
        if (unreachable.isPresent()) {
            return ": " + unreachable.get();
        }
        if (customer.addresses().stream().noneMatch(a -> a.channel().equals(channel))) {
            return ": no address on that channel";
        }
        return ": no connector is installed for it";
    }

    private static Optional<String> lastInboundChannel(Conversation conversation) {
        return conversation == null ? Optional.empty() : lastInbound(conversation.turns()).map(Turn::channel);
    }

    private static Optional<Address> address(String canonical) {
        try {
            return Optional.of(Address.parse(canonical));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The customer's last message on the channel, one a person wrote (not an out-of-office note) if any. */
    private static Optional<Turn> lastInboundOn(Conversation conversation, String channel) {
        if (conversation == null) {
            return Optional.empty();
        }
        var turns = conversation.turns();
        Turn automated = null;
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (t.direction() == Direction.INBOUND && channel.equals(t.channel()) && t.address() != null) {
                if (!t.automated()) {
                    return Optional.of(t);
                }
                automated = automated == null ? t : automated;
            }
        }
        return Optional.ofNullable(automated);
    }

    private static Optional<Turn> lastInbound(List<Turn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).direction() == Direction.INBOUND && turns.get(i).visible() && !turns.get(i).automated()) {
                return Optional.of(turns.get(i));
            }
        }
        return Optional.empty();
    }
}
