package io.switchboard.routing;

import io.switchboard.conversation.Decision;
import io.switchboard.responder.AiAnswer;

/**
 * Who answers a customer message, as routing decided it: the branch the decide route takes and the
 * decision to record. Routing returns it and acts on nothing; the branch routes do.
 *
 * @param branch   {@link #AI_ANSWER}, {@link #AI_DRAFT}, {@link #AI_CLARIFY} (the AI asks which of two things the
 *                 customer means), {@link #AI_ACTION} (the AI acts on its offer as the customer answered it),
 *                 {@link #HANDOFF} (to a queue with a note and a
 *                 word to the customer), {@link #QUEUE} (to a queue, nothing else: automatic routing is
 *                 off), or {@link #NONE} (nothing to do: the conversation is not waiting for a decision,
 *                 or the branch has acted)
 * @param decision what is recorded on the conversation, with its reason and figures (rule, intent, score)
 * @param intent   the intent the classifier saw, or null
 * @param reply    the AI's answer, for the AI-answer and draft branches; its question, citing the two
 *                 articles it offers, for the clarify branch
 */
public record RoutingDecision(String conversationId, String branch, Decision decision, String intent,
                              AiAnswer.Reply reply) {

    public static final String AI_ANSWER = "ai-answer";
    public static final String AI_DRAFT = "ai-draft";
    public static final String AI_CLARIFY = "ai-clarify";
    /** The AI carries out the customer's yes or no to its offer to act on an order ({@link ActionOffers}). */
    public static final String AI_ACTION = "ai-action";
    /**
     * Decision detail of the clarify branch, and metadata of the question's turn: the id of the
     * customer message the question asks about.
     */
    public static final String CLARIFIES = "clarifies";
    /** Decision detail: the message decided answers the question asked about this message id. */
    public static final String CLARIFIED = "clarified";
    public static final String HANDOFF = "handoff";
    public static final String QUEUE = "queue";
    public static final String NONE = "none";

    static RoutingDecision none(String conversationId) {
        return new RoutingDecision(conversationId, NONE, null, null, null);
    }

    /** The same decision, to be carried out by another branch. */
    RoutingDecision to(String otherBranch) {
        return new RoutingDecision(conversationId, otherBranch, decision, intent, reply);
    }

    /** The rule that decided, from the decision's figures. */
    public String rule() {
        return decision == null ? null : decision.detail().get("rule");
    }
}
