package io.switchboard.conversation;

import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.Identity;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The "append the turn" step of the inbound pipeline: a customer message joins the conversation its
 * threading hints name (an earlier message of this customer, theirs or ours), else the customer's
 * current conversation (a new one when the last was resolved too long ago). Each append is an entry
 * processor on the conversation's key.
 */
@Component("inboundTurns")
public class InboundTurns {

    /** Exchange property the identify step leaves the sender's {@link Identity} in. */
    public static final String IDENTITY = "switchboard-identity";
    /** Turn metadata: why a sender the channel could not vouch for was believed after all. */
    public static final String SENDER_EVIDENCE = "senderEvidence";
    private static final int MAX_NEW_CONVERSATION_ATTEMPTS = 3;
    /** References beyond the newest ones add nothing but query cost. */
    private static final int MAX_THREAD_HINTS = 20;

    private final ConversationMemory memory;
    private final CustomerDirectory customers;
    private final TurnRepository turns;
    private final ConversationProperties properties;
    private final Clock clock;

    InboundTurns(ConversationMemory memory, CustomerDirectory customers, TurnRepository turns,
                 ConversationProperties properties, Clock clock) {
        this.memory = memory;
        this.customers = customers;
        this.turns = turns;
        this.properties = properties;
        this.clock = clock;
    }

    /** Appends the message of the identified sender; returns what the append did. */
    public Appended append(@Body Envelope envelope, @ExchangeProperty(IDENTITY) Identity sender) {
        Instant now = clock.instant();
        Customer customer = customers.require(sender.customerId());
        Turn draft = new Turn(0, envelope.id(), envelope.timestamp(), envelope.channel(), Direction.INBOUND,
                Author.CUSTOMER, null, sender.address().toString(), envelope.text(), envelope.subject(),
                envelope.attachments(), envelope.providerMessageId(), null, false, null, metadata(envelope, sender));
        Optional<String> threaded = threadedConversation(customer, envelope);
        if (threaded.isPresent() && !threaded.get().equals(customer.currentConversationId())) {
            var result = memory.change(threaded.get(), new ConversationChange.AppendInbound(
                    customer.id(), null, draft, now, properties.reopenWindow(), properties.limits(), true));
            if (!result.closed()) {
                return result.appended();
            }
            // the thread was closed too long ago: the message is new business, like any other
        }
        for (int attempt = 0; attempt < MAX_NEW_CONVERSATION_ATTEMPTS; attempt++) {
            String conversationId = customer.currentConversationId();
            var result = memory.change(conversationId, new ConversationChange.AppendInbound(
                    customer.id(), customer.previousConversationId(), draft, now, properties.reopenWindow(),
                    properties.limits(), false));
            if (!result.closed()) {
                return result.appended();
            }
            customer = customers.replaceConversation(customer.id(), conversationId, UUID.randomUUID().toString());
        }
        throw new IllegalStateException("could not open a new conversation for customer " + customer.id());
    }

    /** The conversation of the newest earlier message, of this customer on this channel, the hints name. */
    private Optional<String> threadedConversation(Customer customer, Envelope envelope) {
        var named = new LinkedHashSet<String>();
        if (envelope.threading().inReplyTo() != null) {
            named.add(envelope.threading().inReplyTo());
        }
        List<String> references = envelope.threading().references();
        named.addAll(references.subList(Math.max(0, references.size() - MAX_THREAD_HINTS), references.size()));
        named.remove(envelope.providerMessageId());
        if (named.isEmpty()) {
            return Optional.empty();
        }
        return turns.conversationOfMessages(customer.id(), envelope.channel(), named);
    }

    /** What the connector kept of the message, its threading ids, and how far the sender is vouched for. */
    private static Map<String, String> metadata(Envelope envelope, Identity sender) {
        var meta = new HashMap<>(envelope.metadata());
        if (envelope.threading().messageId() != null) {
            meta.put("messageId", envelope.threading().messageId());
        }
        if (envelope.threading().callId() != null) {
            meta.put("callId", envelope.threading().callId());
        }
        if (sender.unverified() == null) {
            meta.remove(Envelope.UNVERIFIED);
        }
        if (sender.evidence() != null) {
            meta.put(SENDER_EVIDENCE, sender.evidence());
        }
        return meta;
    }
}
