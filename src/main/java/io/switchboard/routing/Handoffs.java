package io.switchboard.routing;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.CustomerTexts;
import io.switchboard.conversation.Turn;
import io.switchboard.delivery.ChannelCatalog;
import io.switchboard.delivery.NoReachableChannelException;
import io.switchboard.delivery.OutboundDispatcher;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The handoff branch of the decide route, one step each: the conversation waits in the decided
 * queue with the decision and its reason; a handoff note tells the agent what the customer already
 * said; the customer hears that a person takes over and their place in line (unless the queue is
 * closed, when the inbox tells them when it opens, or the call itself puts them through).
 */
@Component("handoffs")
public class Handoffs {

    static final String NOTICE_KIND = "handoff-notice";
    private static final Logger log = LoggerFactory.getLogger(Handoffs.class);

    private final ConversationMemory memory;
    private final HandoffNotes notes;
    private final HumanRules rules;
    private final QueueCatalog queues;
    private final OutboundDispatcher outbound;
    private final ChannelCatalog channels;
    private final RoutingProperties properties;
    private final CustomerTexts texts;
    private final Clock clock;

    Handoffs(ConversationMemory memory, HandoffNotes notes, HumanRules rules, QueueCatalog queues,
             OutboundDispatcher outbound, ChannelCatalog channels, RoutingProperties properties, CustomerTexts texts,
             Clock clock) {
        this.texts = texts;
        this.channels = channels;
        this.memory = memory;
        this.notes = notes;
        this.rules = rules;
        this.queues = queues;
        this.outbound = outbound;
        this.properties = properties;
        this.clock = clock;
    }

    /** Puts the conversation in the decided queue; {@link Routing#NONE} when it changed meanwhile. */
    public RoutingDecision queue(@Body RoutingDecision routing) {
        try {
            memory.queue(routing.conversationId(), routing.decision().queue(), routing.decision());
        } catch (IllegalStateException e) {
            log.info("conversation {} changed while it was decided: left as it is", routing.conversationId());
            return routing.to(RoutingDecision.NONE);
        }
        log.info("conversation {} queued to {} (rule {})", routing.conversationId(), routing.decision().queue(),
                routing.rule());
        return routing;
    }

    /** The note the agent finds: goal, summary, facts, what the AI tried, mood, and why a person answers. */
    public void note(@Body RoutingDecision routing) {
        Conversation conversation = memory.require(routing.conversationId());
        String mood = HumanRules.REPEATED_FAILURE.equals(routing.rule())
                ? "negative (the automated answers did not help)" : rules.mood(conversation);
        var metadata = new HashMap<String, String>(Map.of("kind", HandoffNotes.KIND));
        // what the agent's rating of the note is counted by
        if (routing.intent() != null) {
            metadata.put("intent", routing.intent());
        }
        if (routing.decision().queue() != null) {
            metadata.put("queue", routing.decision().queue());
        }
        memory.recordNote(conversation.id(), new ConversationMemory.Draft(Author.SYSTEM, properties.responderName(),
                null, null, notes.write(conversation, routing.intent(), mood, routing.decision().reason()), null, true,
                metadata));
    }

    /** Tells the customer a person takes over and their place in line. */
    public void tellCustomer(@Body RoutingDecision routing) {
        String queue = routing.decision().queue();
        if (!queues.isOpen(queue, clock.instant())) {
            return;
        }
        Conversation conversation = memory.require(routing.conversationId());
        if (conversation.lastCustomerTurn().map(Turn::channel).filter(channels::isLive).isPresent()) {
            return; // the call itself puts the caller through; speaking into it would cut the transfer
        }
        try {
            String language = routing.decision().detail().getOrDefault(Conversation.LANGUAGE, conversation.language());
            outbound.systemMessage(conversation.id(), texts.say(CustomerTexts.Text.HANDOFF_NOTICE, language,
                            properties.handoffNotice())
                    .replace("{position}", Integer.toString(Math.max(1, queues.waiting(queue)))), null,
                    Map.of("kind", NOTICE_KIND));
        } catch (NoReachableChannelException e) {
            log.info("conversation {}: no channel reaches the customer for the handoff notice", conversation.id());
        }
    }
}
