package io.switchboard.channel.chat;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.customer.Address;
import io.switchboard.customer.AddressClaims;
import io.switchboard.customer.ClaimRefusedException;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.InvalidAddressException;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the chat asks of the core for a visitor, answered as the frame to send back: the end of their
 * conversation when they come back, an address they claim, the code they confirm it with.
 */
@Component
class ChatVisitors {

    private final CustomerDirectory customers;
    private final AddressClaims claims;
    private final ConversationMemory memory;
    private final ChatProperties properties;
    private final ChatLimits limits;
    private final Clock clock;

    ChatVisitors(CustomerDirectory customers, AddressClaims claims, ConversationMemory memory,
                 ChatProperties properties, ChatLimits limits, Clock clock) {
        this.customers = customers;
        this.claims = claims;
        this.memory = memory;
        this.properties = properties;
        this.limits = limits;
        this.clock = clock;
    }

    /** The last turns of the visitor's current conversation. */
    List<ChatFrames.ChatTurn> history(String visitor) {
        return customers.findByAddress(address(visitor))
                .map(Customer::currentConversationId)
                .flatMap(memory::find)
                .map(Conversation::visibleTurns)
                .map(turns -> turns.subList(Math.max(0, turns.size() - properties.historyTurns()), turns.size())
                        .stream().map(ChatFrames.ChatTurn::of).toList())
                .orElse(List.of());
    }

    /** The visitor says an e-mail address or phone number is theirs. */
    Object claim(String visitor, ClientNetwork network, String typed) {
        Address address;
        try {
            address = customers.addresses().guess(typed);
        } catch (InvalidAddressException e) {
            return new ChatFrames.Error("invalid-address", "that is not an e-mail address or phone number");
        }
        var wait = limits.claim(network);
        if (wait.isPresent()) {
            return ChatFrames.Error.limited("too-many-claims", "too many addresses were claimed from your "
                    + "network; please try again later", null, Math.max(1, wait.get().toSeconds()));
        }
        String customerId = customers.resolve(address(visitor), clock.instant());
        try {
            AddressClaims.Claim claim = claims.claim(customerId, address, "chat");
            return new ChatFrames.Claimed(claim.address().toString(), claim.codeSent());
        } catch (ClaimRefusedException e) {
            return new ChatFrames.Error(e.reason(), e.getMessage());
        }
    }

    /** The visitor enters the code sent to the address they claimed. */
    Object confirm(String visitor, String code) {
        return customers.findByAddress(address(visitor))
                .flatMap(customer -> claims.confirmCode(customer.id(), code))
                .<Object>map(confirmed -> new ChatFrames.Confirmed(confirmed.toString()))
                .orElseGet(() -> new ChatFrames.Error("wrong-code", "that code is wrong or has expired"));
    }

    private static Address address(String visitor) {
        return new Address(ChatEnvelopes.CHANNEL, visitor);
    }
}
