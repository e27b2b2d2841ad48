package io.switchboard.routing;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.conversation.Turn;
import io.switchboard.responder.ActionReplies;
import io.switchboard.responder.AiAnswer;
import io.switchboard.tools.OrderTools;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@code ai-action} branch: the AI carries out the customer's answer to its offer to act on an order
 * ({@link ActionOffers}). On a yes the order system is asked to do it, for the customer's own order only
 * ({@link OrderTools#act}), with a key naming the customer's message so that the same yes never has it
 * done twice; the outcome is recorded as an action turn agents see, and the customer is told it is done,
 * in the article's words. Refused, failed or with no order system, a person takes over with the reason.
 * On a no, the customer is told nothing was changed.
 */
@Component("aiActions")
public class AiActions {

    private static final Logger log = LoggerFactory.getLogger(AiActions.class);

    private final ConversationMemory memory;
    private final ObjectProvider<OrderTools> orders;
    private final ActionReplies replies;
    private final AiAnswers answers;
    private final RoutingProperties properties;
    private final Clock clock;

    AiActions(ConversationMemory memory, ObjectProvider<OrderTools> orders, ActionReplies replies, AiAnswers answers,
              RoutingProperties properties, Clock clock) {
        this.memory = memory;
        this.orders = orders;
        this.replies = replies;
        this.answers = answers;
        this.properties = properties;
        this.clock = clock;
    }

    public RoutingDecision carryOut(@Body RoutingDecision routing) {
        Map<String, String> detail = routing.decision().detail();
        String action = detail.get("action");
        String order = detail.get("order");
        String language = detail.get(ActionOffers.LANGUAGE);
        var metadata = new HashMap<String, String>(Map.of("kind", AiAnswers.AI_REPLY_KIND, "action", action,
                "order", order));
        if (!"yes".equals(detail.get("confirmed"))) {
            log.info("conversation {}: the customer declined the offer to {} an order", routing.conversationId(), action);
            return answers.send(replying(routing, replies.declined(language)), metadata);
        }
        Conversation conversation = memory.require(routing.conversationId());
        OrderTools tools = orders.getIfAvailable();
        if (tools == null) {
            return handOff(routing, "no order system is configured to " + action + " order " + order, "unavailable");
        }
        String key = routing.conversationId() + "#" + conversation.lastCustomerTurn().map(Turn::seq).orElse(0L);
        OrderTools.Answer answer = tools.act(conversation.customerId(), order, action, key);
        String outcome = answer instanceof OrderTools.Performed ? "done"
                : answer instanceof OrderTools.Unavailable u ? u.circuitOpen() ? "circuit-open" : "failed" : "refused";
        record(conversation, key, action, order, outcome, answer);
        log.info("conversation {}: order action={} outcome={}", routing.conversationId(), action, outcome);
        if (answer instanceof OrderTools.Performed performed) {
            return answers.send(replying(routing, replies.done(detail.get(ActionOffers.ARTICLE), language,
                    performed.order())), metadata);
        }
        String reason = answer instanceof OrderTools.Unavailable u ? u.reason() : ((OrderTools.Refused) answer).reason();
        return handOff(routing, reason, outcome);
    }

    /** The action turn: what was asked of the order system and what came of it, for the agents (internal). */
    private void record(Conversation conversation, String key, String action, String order, String outcome,
                        OrderTools.Answer answer) {
        String text = switch (outcome) {
            case "done" -> "At the customer's confirmation the order system did: " + action + " order " + order + ".";
            default -> "At the customer's confirmation the order system was asked to " + action + " order " + order
                    + ", without success: " + (answer instanceof OrderTools.Unavailable u ? u.reason()
                    : ((OrderTools.Refused) answer).reason()) + ".";
        };
        memory.recordNote(conversation.id(), new ConversationMemory.Draft(Author.SYSTEM, "switchboard", null, null, text,
                null, true, Map.of("kind", ConversationMemory.ACTION_KIND, "action", action, "order", order, "outcome", outcome)),
                UUID.nameUUIDFromBytes(("action:" + key).getBytes(StandardCharsets.UTF_8)).toString());
    }

    private static RoutingDecision replying(RoutingDecision routing, AiAnswer.Reply reply) {
        return new RoutingDecision(routing.conversationId(), RoutingDecision.AI_ANSWER, routing.decision(),
                routing.intent(), reply);
    }

    private RoutingDecision handOff(RoutingDecision routing, String reason, String outcome) {
        var detail = new HashMap<>(routing.decision().detail());
        detail.put("toolOutcome", outcome);
        return new RoutingDecision(routing.conversationId(), RoutingDecision.HANDOFF, new Decision(clock.instant(),
                RoutingDecider.HUMAN_QUEUE, properties.defaultQueue(), reason, detail), routing.intent(), null);
    }
}
