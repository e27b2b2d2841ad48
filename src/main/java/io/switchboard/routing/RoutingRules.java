package io.switchboard.routing;

import io.switchboard.responder.AiAnswer;
import io.switchboard.routing.RoutingProperties.Autonomy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Every rule of who answers, in the order they are tried, each with an id and each switched off by
 * naming it in {@code switchboard.routing.disabled-rules}:
 * <ol>
 * <li>the human rules ({@link HumanRules}): {@code asks-for-person}, {@code escalation-topic},
 * {@code negative-sentiment}, {@code repeated-failure};</li>
 * <li>{@code confirm-action}: the message answers the AI's offer to act on an order with a plain yes (the
 * order system is asked to do it) or no (nothing is done); anything else lets the offer lapse
 * ({@link ActionOffers});</li>
 * <li>{@code language}: the customer writes in a language the AI does not answer in;</li>
 * <li>{@code clarify}: the AI is unsure which of two articles the message is about (no intent matches
 * well enough, or the intent's AI may answer but has no grounded answer), and asks, once per
 * conversation ({@link Clarifications});</li>
 * <li>{@code unknown-intent}: no intent matches well enough;</li>
 * <li>{@code escalation-intent}: the intent always goes to a person;</li>
 * <li>{@code autonomy-off}: the intent is answered by people only;</li>
 * <li>{@code no-grounded-answer}: the AI has no answer it can stand behind;</li>
 * <li>{@code autonomy-draft}: the AI's answer waits for an agent;</li>
 * <li>{@code ai-answer}: the AI answers.</li>
 * </ol>
 * When no rule decides (all switched off), a person answers ({@code fallback}).
 */
@Component
class RoutingRules {

    static final String FALLBACK = "fallback";

    private final List<RoutingRule> active;

    RoutingRules(HumanRules human, RoutingProperties properties) {
        var all = new ArrayList<>(human.rules());
        all.add(rule("confirm-action", s -> s.offerAnswered().map(a -> switch (a.said()) {
            case YES -> s.act("confirm-action", "the customer confirmed the AI's offer to " + a.offer().action()
                    + " order " + a.offer().order(), a.offer(), true);
            case NO -> s.act("confirm-action", "the customer declined the AI's offer to " + a.offer().action()
                    + " order " + a.offer().order() + ": nothing is done", a.offer(), false);
            case OTHER -> null;
        }).orElse(null)));
        all.add(rule("language", s -> s.language() != null && !properties.aiLanguages().contains(s.language())
                ? s.handOff("language", "the customer writes in a language the AI does not answer in ("
                + s.language() + ")") : null));
        all.add(rule("clarify", s -> unsure(s) ? s.clarification().map(q -> s.clarify("clarify",
                "the AI was unsure whether the message is about " + q.citations().get(0).articleId() + " or "
                        + q.citations().get(1).articleId() + " and asked the customer", q)).orElse(null) : null));
        all.add(rule("unknown-intent", s -> s.intent() == null ? s.handOffUnclassified("unknown-intent",
                "no intent matches the message well enough (best " + s.classified().best() + " at "
                        + s.detail().get("score") + ")") : null));
        all.add(rule("escalation-intent", s -> s.intent() != null && s.intent().escalate()
                ? s.handOff("escalation-intent", "intent " + s.intentName() + " always goes to a person") : null));
        all.add(rule("autonomy-off", s -> s.autonomy() == Autonomy.OFF
                ? s.handOff("autonomy-off", "intent " + s.intentName() + " is answered by people only") : null));
        all.add(rule("no-grounded-answer", s -> s.answer() instanceof AiAnswer.Handoff handoff
                ? s.handOff("no-grounded-answer", handoff.reason()) : null));
        all.add(rule("autonomy-draft", s -> s.autonomy() == Autonomy.DRAFT
                && s.answer() instanceof AiAnswer.Reply reply ? s.draft("autonomy-draft", "intent " + s.intentName()
                + " is answered by a person; the AI's draft is attached", reply) : null));
        all.add(rule("ai-answer", s -> s.answer() instanceof AiAnswer.Reply reply ? s.aiAnswer("ai-answer",
                "the AI answered intent " + s.intentName() + " from " + source(reply), reply) : null));
        Set<String> ids = all.stream().map(RoutingRule::id).collect(java.util.stream.Collectors.toSet());
        List<String> unknown = properties.disabledRules().stream().filter(id -> !ids.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("switchboard.routing.disabled-rules names rules that do not exist: "
                    + unknown + "; the rules are " + all.stream().map(RoutingRule::id).toList());
        }
        this.active = all.stream().filter(r -> !properties.disabledRules().contains(r.id())).toList();
    }

    /** The first rule's routing, or a person in the default queue when none decides. */
    RoutingDecision decide(Situation situation) {
        for (RoutingRule rule : active) {
            Optional<RoutingDecision> routing = rule.decide(situation);
            if (routing.isPresent()) {
                return routing.get();
            }
        }
        return situation.handOff(FALLBACK, "no rule decided who answers: a person does");
    }

    /** The ids of the rules that may fire, in order. */
    List<String> ids() {
        return active.stream().map(RoutingRule::id).toList();
    }

    /**
     * No intent matches well enough, or the intent's AI answers by itself but found no grounded answer:
     * where a handoff would follow for want of certainty (not where a person answers by configuration).
     */
    private static boolean unsure(Situation s) {
        return s.intent() == null || s.autonomy() == Autonomy.AUTO && !s.intent().escalate()
                && s.answer() instanceof AiAnswer.Handoff;
    }

    private static String source(AiAnswer.Reply reply) {
        return reply.citations().isEmpty() ? "the knowledge base" : "article " + reply.citations().get(0).articleId();
    }

    private static RoutingRule rule(String id, Function<Situation, RoutingDecision> decide) {
        return new RoutingRule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Optional<RoutingDecision> decide(Situation situation) {
                return Optional.ofNullable(decide.apply(situation));
            }
        };
    }
}
