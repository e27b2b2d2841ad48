package io.switchboard.delivery;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.customer.Address;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * The "choose channel and address" step of the {@code reply} route: the channel asked for, else the
 * customer's preference and what can reach them ({@link ChannelChooser}); refused with
 * {@link NoReachableChannelException} when nothing can, with {@link ReplyTooLongException} when the
 * channel asked for cannot carry a text that long.
 */
@Component("replyTargets")
public class ReplyTargets {

    private final ConversationMemory memory;
    private final CustomerDirectory customers;
    private final ChannelChooser chooser;

    ReplyTargets(ConversationMemory memory, CustomerDirectory customers, ChannelChooser chooser) {
        this.memory = memory;
        this.customers = customers;
        this.chooser = chooser;
    }

    /** A reply with where it goes. */
    public record Addressed(Reply reply, Conversation conversation, ChannelChooser.Target target) {
    }

    /**
     * The address a message the company starts would go to, in the order replies take channels: the
     * first whose text ({@code textOn} by channel, null where there is none) fits and that {@code allowed}
     * accepts besides everything a reply needs (a connector, no opt-out, reachable now).
     */
    public Optional<Address> forCompanyMessage(Customer customer, Predicate<Address> allowed,
                                               Function<String, String> textOn,
                                               Function<String, Map<String, String>> messageOn) {
        Conversation current = customer.currentConversationId() == null ? null
                : memory.find(customer.currentConversationId()).orElse(null);
        return chooser.chooseAllowed(customer, current, allowed, textOn, messageOn).map(ChannelChooser.Target::address);
    }

    public Addressed choose(@Body Reply reply) {
        Conversation conversation = memory.require(reply.conversationId());
        var customer = customers.require(conversation.customerId());
        ChannelChooser.Target target = reply.excluded().isEmpty()
                ? chooser.choose(customer, conversation, reply.channel(), reply.text(), reply.metadata())
                : chooser.chooseOther(customer, conversation, reply.excluded(), reply.text()).orElseThrow(() ->
                        new NoReachableChannelException("no other channel can reach the customer"));
        return new Addressed(reply, conversation, target);
    }
}
