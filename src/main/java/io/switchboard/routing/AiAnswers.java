package io.switchboard.routing;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.delivery.NoReachableChannelException;
import io.switchboard.delivery.OutboundDispatcher;
import io.switchboard.responder.AiAnswer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The AI branches of the decide route: the AI's answer, or its clarifying question, goes to the
 * customer (through the same outbound way as an agent's reply), or its answer waits as a draft for an
 * agent.
 */
@Component("aiAnswers")
public class AiAnswers {

    static final String AI_REPLY_KIND = "ai-reply";
    private static final Logger log = LoggerFactory.getLogger(AiAnswers.class);

    private final ConversationMemory memory;
    private final OutboundDispatcher outbound;
    private final RoutingProperties properties;
    private final Clock clock;

    AiAnswers(ConversationMemory memory, OutboundDispatcher outbound, RoutingProperties properties, Clock clock) {
        this.memory = memory;
        this.outbound = outbound;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Sends the AI's answer and records the decision. When no channel reaches the customer, the
     * routing turns into a handoff; when a person took the conversation meanwhile, into nothing.
     */
    public RoutingDecision send(@Body RoutingDecision routing) {
        var metadata = new HashMap<String, String>();
        metadata.put("kind", AI_REPLY_KIND);
        if (routing.intent() != null) {
            metadata.put("intent", routing.intent());
        }
        if (!routing.reply().citations().isEmpty()) {
            metadata.put("article", routing.reply().citations().get(0).title());
        }
        String action = routing.reply().detail().get(AiAnswer.OFFER_ACTION);
        if (action != null && !routing.reply().citations().isEmpty()) {
            // an offer to act on an order: what ActionOffers reads when the customer answers it
            metadata.put(AiAnswer.OFFER_ACTION, action);
            metadata.put(ActionOffers.ORDER, routing.reply().detail().get("order"));
            metadata.put(ActionOffers.ARTICLE, routing.reply().citations().get(0).articleId());
            String language = routing.decision().detail().get(Conversation.LANGUAGE);
            if (language != null) {
                metadata.put(ActionOffers.LANGUAGE, language);
            }
        }
        return send(routing, metadata);
    }

    /**
     * Sends the AI's clarifying question, naming on its turn the articles it offers and the message it
     * asks about (what {@link Clarifications} reads when the customer answers); as {@link #send}
     * otherwise.
     */
    public RoutingDecision clarify(@Body RoutingDecision routing) {
        var metadata = new HashMap<String, String>();
        metadata.put("kind", RoutingDecision.AI_CLARIFY);
        metadata.put(Clarifications.OPTIONS, String.join(",", routing.reply().citations().stream()
                .map(AiAnswer.Citation::articleId).toList()));
        String clarifies = routing.decision().detail().get(RoutingDecision.CLARIFIES);
        if (clarifies != null) {
            metadata.put(RoutingDecision.CLARIFIES, clarifies);
        }
        return send(routing, metadata);
    }

    RoutingDecision send(RoutingDecision routing, Map<String, String> metadata) {
        try {
            outbound.aiReply(routing.conversationId(), routing.reply().text(), properties.responderName(), metadata);
        } catch (NoReachableChannelException e) {
            var detail = new HashMap<>(routing.decision().detail());
            detail.put("rule", "unreachable");
            Decision decision = routing.decision();
            return new RoutingDecision(routing.conversationId(), RoutingDecision.HANDOFF, new Decision(clock.instant(),
                    RoutingDecider.HUMAN_QUEUE, decision.queue() != null ? decision.queue() : properties.defaultQueue(),
                    "the AI had an answer but no channel reaches the customer", detail), routing.intent(), null);
        } catch (IllegalStateException e) {
            log.info("conversation {} was taken over while the AI answered: no AI reply", routing.conversationId());
            return routing.to(RoutingDecision.NONE);
        }
        memory.recordDecision(routing.conversationId(), routing.decision());
        return routing.to(RoutingDecision.NONE);
    }

    /** Attaches the AI's answer as a draft for the agent who takes the conversation. */
    public RoutingDecision propose(@Body RoutingDecision routing) {
        memory.recordDraft(routing.conversationId(), routing.reply().draft(), properties.responderName(),
                routing.intent());
        return routing.to(RoutingDecision.HANDOFF);
    }
}
