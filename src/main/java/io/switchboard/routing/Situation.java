package io.switchboard.routing;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Decision;
import io.switchboard.responder.AiAnswer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules look at for one customer message: the conversation, the message, the classifier's
 * intent and score, the language, and what the AI would say (its answer, or its question back), asked
 * for only when a rule needs it. The figures behind the decision collect in {@link #detail()}.
 */
final class Situation {

    /** What the AI would say to the message, each asked for at most once, and only when a rule needs it. */
    interface Ai {
        AiAnswer answer();

        /** The question it would ask back ({@link io.switchboard.responder.Clarifier}); empty when it may not or has none. */
        Optional<AiAnswer.Reply> clarification();

        /** The offer to act on an order the message answers ({@link ActionOffers}); empty when none. */
        default Optional<ActionOffers.Answer> offerAnswered() {
            return Optional.empty();
        }
    }

    private final Conversation conversation;
    private final String text;
    private final Classification classified;
    private final RoutingProperties.Intent intent;
    private final RoutingProperties.Autonomy autonomy;
    private final String language;
    private final String intentQueue;
    private final Map<String, String> detail = new HashMap<>();
    private final Ai ai;
    private final QueueChoice queues;
    private final Instant at;
    private AiAnswer answer;
    private Optional<AiAnswer.Reply> clarification;

    Situation(Conversation conversation, String text, Classification classified, RoutingProperties.Intent intent,
              RoutingProperties.Autonomy autonomy, String language, Ai ai, QueueChoice queues, Instant at) {
        this.conversation = conversation;
        this.text = text;
        this.classified = classified;
        this.intent = intent;
        this.autonomy = autonomy;
        this.language = language;
        this.intentQueue = intent == null ? null : intent.queue();
        this.ai = ai;
        this.queues = queues;
        this.at = at;
        if (classified != null) {
            detail.put("score", String.format(java.util.Locale.ROOT, "%.3f", classified.score()));
            if (classified.best() != null) {
                detail.put("intent", classified.best());
            }
        }
        if (language != null) {
            detail.put(Conversation.LANGUAGE, language);
        }
        if (autonomy != null) {
            detail.put("autonomy", autonomy.wireName());
        }
    }

    Conversation conversation() {
        return conversation;
    }

    String text() {
        return text;
    }

    Classification classified() {
        return classified;
    }

    /** The intent's settings, or null when the classifier abstained or knows it by no settings. */
    RoutingProperties.Intent intent() {
        return intent;
    }

    /**
     * How far the AI may act on the intent for this customer now ({@link IntentAutonomy}: a change in
     * force, the rollout); null without an intent.
     */
    RoutingProperties.Autonomy autonomy() {
        return autonomy;
    }

    /** The intent's name when it has settings, else null. */
    String intentName() {
        return intent == null ? null : classified.intent();
    }

    String language() {
        return language;
    }

    Map<String, String> detail() {
        return detail;
    }

    /** The AI's answer to the message, asked for once. */
    AiAnswer answer() {
        if (answer == null) {
            answer = ai.answer();
            answer.detail().forEach((key, value) -> detail.put("ai-" + key, value)); // next to, not over, the intent's score
        }
        return answer;
    }

    /** The AI's question back to the customer when it is unsure, asked for once. */
    Optional<AiAnswer.Reply> clarification() {
        if (clarification == null) {
            clarification = ai.clarification();
            clarification.ifPresent(q -> q.detail().forEach((key, value) -> detail.put("ai-" + key, value)));
        }
        return clarification;
    }

    /** A person answers, in the intent's queue (or one with the customer's language skill). */
    RoutingDecision handOff(String rule, String reason) {
        return handOff(rule, reason, intentQueue, intentName());
    }

    /** A person answers in the default queue (or one with the customer's language skill), with no intent. */
    RoutingDecision handOffUnclassified(String rule, String reason) {
        return handOff(rule, reason, null, null);
    }

    private RoutingDecision handOff(String rule, String reason, String queue, String intentName) {
        detail.put("rule", rule);
        String chosen = queues.choose(queue, language);
        return new RoutingDecision(conversation.id(), RoutingDecision.HANDOFF,
                new Decision(at, RoutingDecider.HUMAN_QUEUE, chosen, reason, detail), intentName, null);
    }

    /** The AI's suggestion waits for an agent, and a person answers. */
    RoutingDecision draft(String rule, String reason, AiAnswer.Reply reply) {
        RoutingDecision handOff = handOff(rule, reason);
        return new RoutingDecision(handOff.conversationId(), RoutingDecision.AI_DRAFT, handOff.decision(),
                handOff.intent(), reply);
    }

    /** The AI answers the customer. */
    RoutingDecision aiAnswer(String rule, String reason, AiAnswer.Reply reply) {
        return ai(RoutingDecision.AI_ANSWER, rule, reason, reply);
    }

    /**
     * The AI asks the customer which of two things they mean; their answer is decided as usual. The
     * decision names the message it asks about ({@code clarifies}, its turn id).
     */
    RoutingDecision clarify(String rule, String reason, AiAnswer.Reply question) {
        conversation.lastCustomerTurn().ifPresent(t -> detail.put(RoutingDecision.CLARIFIES, t.id()));
        return ai(RoutingDecision.AI_CLARIFY, rule, reason, question);
    }

    /** The offer to act on an order the message answers, with what the customer said to it. */
    Optional<ActionOffers.Answer> offerAnswered() {
        return ai.offerAnswered();
    }

    /**
     * The AI carries out what the customer answered to its offer: asks the order system to do it
     * ({@code confirmed}), or says nothing was done. The decision names the action and the order.
     */
    RoutingDecision act(String rule, String reason, ActionOffers.Offer offer, boolean confirmed) {
        detail.put("action", offer.action());
        detail.put("order", offer.order());
        detail.put("confirmed", confirmed ? "yes" : "no");
        if (offer.article() != null) {
            detail.put(ActionOffers.ARTICLE, offer.article());
        }
        if (offer.language() != null) {
            detail.put(ActionOffers.LANGUAGE, offer.language());
        }
        return ai(RoutingDecision.AI_ACTION, rule, reason, null);
    }

    private RoutingDecision ai(String branch, String rule, String reason, AiAnswer.Reply reply) {
        detail.put("rule", rule);
        return new RoutingDecision(conversation.id(), branch,
                new Decision(at, RoutingDecider.AI_REPLY, null, reason, detail), intentName(), reply);
    }
}
