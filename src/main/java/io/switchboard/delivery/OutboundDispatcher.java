package io.switchboard.delivery;

import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.Threading;
import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.system.AuditLog;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends replies: chooses the channel and address, records the reply on the conversation as
 * queued, and puts it in the outbox, which sends it exactly once (retrying, dead-lettering, falling
 * back to another channel) and records the delivery status on the turn.
 */
@Service
public class OutboundDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboundDispatcher.class);

    private final ConversationMemory memory;
    private final CustomerDirectory customers;
    private final ChannelChooser chooser;
    private final Outbox outbox;
    private final Map<String, MessageSplitter> splitters;
    private final DeliveryReceipts receipts;
    private final DeliveryProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    OutboundDispatcher(ConversationMemory memory, CustomerDirectory customers, ChannelChooser chooser, Outbox outbox,
                       List<MessageSplitter> splitters, DeliveryReceipts receipts, DeliveryProperties properties,
                       AuditLog audit, Clock clock) {
        this.memory = memory;
        this.customers = customers;
        this.chooser = chooser;
        this.outbox = outbox;
        this.splitters = new HashMap<>();
        splitters.forEach(s -> this.splitters.put(s.channel(), s));
        this.receipts = receipts;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /** An agent's reply, on {@code requestedChannel} or, when null, on the channel the customer prefers. */
    public Appended agentReply(String conversationId, String text, String requestedChannel, String agent) {
        Conversation conversation = memory.require(conversationId);
        var target = chooser.choose(customers.require(conversation.customerId()), conversation, requestedChannel);
        Appended appended = memory.recordAgentReply(conversationId, new ConversationMemory.Draft(Author.AGENT, agent,
                target.channel(), target.address().toString(), text, replySubject(conversation, target.channel()),
                false, Map.of()));
        audit.record(agent, "conversation.replied", "conversation", conversationId,
                Map.of("channel", target.channel(), "turn", appended.turn().seq()));
        send(conversation, appended.turn(), target);
        return appended;
    }

    /**
     * The automated responder's answer, on the channel the customer prefers: recorded as an AI turn
     * (the conversation then waits for the customer, nobody owns it) and sent like any reply. Refused
     * (an {@link IllegalStateException} from the conversation) unless the conversation is still open:
     * once a person owns it, the AI does not speak in it.
     */
    public Appended aiReply(String conversationId, String text, String responderName, Map<String, String> metadata) {
        Conversation conversation = memory.require(conversationId);
        var target = chooser.choose(customers.require(conversation.customerId()), conversation, null);
        Appended appended = memory.recordAutomatedReply(conversationId, new ConversationMemory.Draft(Author.AI,
                responderName, target.channel(), target.address().toString(), text,
                replySubject(conversation, target.channel()), false, metadata));
        send(conversation, appended.turn(), target);
        return appended;
    }

    /**
     * A message from the gateway itself (a notice, a survey) on {@code requestedChannel} or the
     * channel the customer prefers: recorded as a system turn and sent like a reply, without
     * changing who owns the conversation or its status. {@code metadata} (e.g. {@code kind}) travels
     * with the turn and the envelope.
     */
    public Appended systemMessage(String conversationId, String text, String requestedChannel,
                                  Map<String, String> metadata) {
        Conversation conversation = memory.require(conversationId);
        var target = chooser.choose(customers.require(conversation.customerId()), conversation, requestedChannel);
        Appended appended = memory.recordNote(conversationId, new ConversationMemory.Draft(Author.SYSTEM, "switchboard",
                target.channel(), target.address().toString(), text, replySubject(conversation, target.channel()),
                false, metadata));
        send(conversation, appended.turn(), target);
        return appended;
    }

    /**
     * A message the outbox gave up on: the failure goes on the turn for the agent and, when allowed,
     * the text goes out again as a new turn on the next channel that can reach the customer.
     */
    void deadLettered(OutboxEntry entry, String reason) {
        String detail = reason;
        if (properties.outbox().fallbackOnFailure() && !entry.envelope().metadata().containsKey("fallbackFor")) {
            detail = fallback(entry).map(turn -> reason + "; sent again on " + turn.channel() + " as turn " + turn.seq())
                    .orElse(reason + "; no other channel can reach the customer");
        }
        receipts.recordFailed(entry.conversationId(), entry.seq(), entry.channel(), detail);
    }

    private Optional<Turn> fallback(OutboxEntry entry) {
        Conversation conversation = memory.find(entry.conversationId()).orElse(null);
        if (conversation == null) {
            return Optional.empty();
        }
        var target = chooser.chooseOther(customers.require(conversation.customerId()), conversation,
                Set.of(entry.channel()));
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Envelope failed = entry.envelope();
        var metadata = Map.of("fallbackFor", Long.toString(entry.seq()));
        Author author = Author.fromWire(failed.metadata().getOrDefault("author", Author.AGENT.wireName()));
        Appended appended = memory.recordNote(conversation.id(), new ConversationMemory.Draft(author,
                failed.metadata().get("authorName"), target.get().channel(), target.get().address().toString(),
                failed.text(), replySubject(conversation, target.get().channel()), false, metadata));
        send(memory.require(conversation.id()), appended.turn(), target.get());
        return Optional.of(appended.turn());
    }

    /** The one way out: every reply, whoever wrote it, is addressed here and put in the outbox. */
    private void send(Conversation conversation, Turn turn, ChannelChooser.Target target) {
        var metadata = new HashMap<>(turn.metadata());
        metadata.put("author", turn.author().wireName());
        if (turn.authorName() != null) {
            metadata.put("authorName", turn.authorName());
        }
        metadata.put("seq", Long.toString(turn.seq()));
        Envelope envelope = new Envelope(turn.id(), target.channel(), Direction.OUTBOUND, null, null,
                target.address().value(), turn.text(), turn.subject(), turn.attachments(),
                threadingFor(conversation, target.channel()), conversation.id(), turn.at(), metadata);
        MessageSplitter splitter = splitters.get(target.channel());
        List<String> parts = splitter == null ? List.of(turn.text()) : splitter.split(turn.text());
        outbox.enqueue(OutboxEntry.pending(envelope, turn.seq(), conversation.customerId(), parts, clock.instant()));
        log.info("reply {} of conversation {} queued for {} ({} part(s))", turn.seq(), conversation.id(),
                target.channel(), parts.size());
    }

    /**
     * The last inbound message on the channel is the one a reply answers (e-mail threads on it, a call
     * goes on); an automaton's message (an out-of-office note) is nobody's to answer.
     */
    private static Threading threadingFor(Conversation conversation, String channel) {
        List<Turn> turns = conversation.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (t.direction() == Direction.INBOUND && channel.equals(t.channel()) && !t.automated()
                    && (t.metadata().containsKey("messageId") || t.metadata().containsKey("callId"))) {
                String messageId = t.metadata().get("messageId");
                return new Threading(null, messageId, messageId == null ? List.of() : List.of(messageId),
                        t.metadata().get("callId"));
            }
        }
        return Threading.NONE;
    }

    private static String replySubject(Conversation conversation, String channel) {
        List<Turn> turns = conversation.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (channel.equals(t.channel()) && !t.automated() && t.subject() != null && !t.subject().isBlank()) {
                return t.subject().regionMatches(true, 0, "Re:", 0, 3) ? t.subject() : "Re: " + t.subject();
            }
        }
        return null;
    }
}
