package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.responder.AiAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One list of rules, each with an id, tried in order, each switched off by configuration. */
class RoutingRulesTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final QueueCatalog QUEUES = new QueueCatalog() {
        @Override
        public boolean exists(String queue) {
            return Set.of("default", "orders", "german").contains(queue);
        }

        @Override
        public Set<String> skills(String queue) {
            return queue.equals("german") ? Set.of("language:de") : Set.of();
        }

        @Override
        public Optional<String> withSkill(String skill) {
            return skill.equals("language:de") ? Optional.of("german") : Optional.empty();
        }

        @Override
        public boolean isOpen(String queue, Instant at) {
            return true;
        }

        @Override
        public int waiting(String queue) {
            return 0;
        }
    };

    static RoutingProperties properties(List<String> disabled) {
        return properties(disabled, RoutingProperties.Autonomy.AUTO);
    }

    static RoutingProperties properties(List<String> disabled, RoutingProperties.Autonomy autonomy) {
        return new RoutingProperties(RoutingProperties.Mode.AUTOMATIC, "default",
                Map.of("order-status", new RoutingProperties.Intent("orders", autonomy, false,
                        List.of(), 100)), List.of("en"), List.of(), "notice", "assistant", Duration.ofSeconds(30), disabled);
    }

    static Situation situation(RoutingProperties properties, String text, String intent, String language,
                               AiAnswer answer) {
        return situation(properties, text, intent, language, answer, null);
    }

    static Situation situation(RoutingProperties properties, String text, String intent, String language,
                               AiAnswer answer, AiAnswer.Reply clarification) {
        var conversation = new Conversation("c-1", "cust-1", ConversationStatus.OPEN, null, null, T0, T0, null, null, 1,
                List.of(), "", 0, List.of(), List.of("chat"), null, null, List.of());
        var classification = intent == null ? new Classification(null, 0.1, "order-status", true)
                : new Classification(intent, 0.9, intent, false);
        return new Situation(conversation, text, classification,
                intent == null ? null : properties.intents().get(intent),
                intent == null ? null : properties.intents().get(intent).autonomy(), language, new Situation.Ai() {
                    @Override
                    public AiAnswer answer() {
                        return answer;
                    }

                    @Override
                    public Optional<AiAnswer.Reply> clarification() {
                        return Optional.ofNullable(clarification);
                    }
                }, new QueueChoice(QUEUES, properties), T0);
    }

    static final AiAnswer.Reply REPLY = new AiAnswer.Reply("Automated assistant: it ships today.", "It ships today.",
            List.of(new AiAnswer.Citation("shipping", "Shipping", 0.9)), Map.of());

    @Test
    void theFirstRuleThatDecidesWinsAndItsIdIsOnTheDecision() {
        var properties = properties(List.of());
        var rules = new RoutingRules(HumanRules.withDefaults(), properties);
        assertThat(rules.ids()).containsExactly("asks-for-person", "escalation-topic", "negative-sentiment",
                "repeated-failure", "confirm-action", "language", "clarify", "unknown-intent", "escalation-intent", "autonomy-off",
                "no-grounded-answer", "autonomy-draft", "ai-answer");

        var person = rules.decide(situation(properties, "I want to talk to a real person about my order",
                "order-status", null, REPLY));
        assertThat(person.branch()).isEqualTo(RoutingDecision.HANDOFF);
        assertThat(person.rule()).isEqualTo("asks-for-person");
        assertThat(person.decision().queue()).isEqualTo("orders");

        var german = rules.decide(situation(properties, "Wo ist meine Bestellung?", "order-status", "de", REPLY));
        assertThat(german.rule()).isEqualTo("language");
        assertThat(german.decision().queue()).as("a queue with the language skill").isEqualTo("german");

        var answered = rules.decide(situation(properties, "where is my order", "order-status", "en", REPLY));
        assertThat(answered.branch()).isEqualTo(RoutingDecision.AI_ANSWER);
        assertThat(answered.rule()).isEqualTo("ai-answer");
        assertThat(answered.reply()).isEqualTo(REPLY);
    }

    static final AiAnswer.Reply QUESTION = new AiAnswer.Reply("Automated assistant: is it about A, or about B?",
            "is it about A, or about B?", List.of(new AiAnswer.Citation("shipping", "Shipping", 0.67),
            new AiAnswer.Citation("order-status", "Order status", 0.66)), Map.of("clarify", "shipping,order-status"));
    static final AiAnswer.Handoff NO_MATCH = new AiAnswer.Handoff("no article matches", Map.of());

    @Test
    void theAiAsksBackWhereAHandoffWouldFollowForWantOfCertaintyOnly() {
        var properties = properties(List.of());
        var rules = new RoutingRules(HumanRules.withDefaults(), properties);

        var unknown = rules.decide(situation(properties, "it's about the thing", null, "en", NO_MATCH, QUESTION));
        assertThat(unknown.branch()).isEqualTo(RoutingDecision.AI_CLARIFY);
        assertThat(unknown.rule()).isEqualTo("clarify");
        assertThat(unknown.reply()).isEqualTo(QUESTION);
        assertThat(unknown.decision().reason()).contains("shipping", "order-status");
        assertThat(unknown.decision().detail()).containsEntry("ai-clarify", "shipping,order-status");

        var ungrounded = rules.decide(situation(properties, "about my parcel", "order-status", "en", NO_MATCH, QUESTION));
        assertThat(ungrounded.branch()).as("the intent's AI answers, but had no grounded answer")
                .isEqualTo(RoutingDecision.AI_CLARIFY);

        assertThat(rules.decide(situation(properties, "where is my order", "order-status", "en", REPLY, QUESTION))
                .rule()).as("a grounded answer is given, not a question").isEqualTo("ai-answer");
        assertThat(rules.decide(situation(properties, "it's about the thing", null, "en", NO_MATCH)).rule())
                .as("nothing to ask (asked already, or no two articles close enough)").isEqualTo("unknown-intent");
        assertThat(rules.decide(situation(properties, "I want to talk to a real person about the thing", null, "en",
                NO_MATCH, QUESTION))
                .rule()).as("the human rules come first").isEqualTo("asks-for-person");

        var drafting = properties(List.of(), RoutingProperties.Autonomy.DRAFT);
        assertThat(new RoutingRules(HumanRules.withDefaults(), drafting).decide(situation(drafting, "about my parcel", "order-status", "en", NO_MATCH, QUESTION))
                .rule()).as("where people answer the intent, the AI does not speak").isEqualTo("no-grounded-answer");
    }

    @Test
    void aDisabledRuleNeverFires() {
        var properties = properties(List.of("asks-for-person"));
        var rules = new RoutingRules(HumanRules.withDefaults(), properties);
        RoutingDecision routing = rules.decide(situation(properties, "agent please", null, null, REPLY));
        assertThat(routing.rule()).isEqualTo("unknown-intent");
    }

    @Test
    void withEveryRuleOffAPersonAnswersAndAnUnknownRuleIdIsRefused() {
        var everyRule = new RoutingRules(HumanRules.withDefaults(), properties(List.of())).ids();
        var properties = properties(everyRule);
        RoutingDecision routing = new RoutingRules(HumanRules.withDefaults(), properties)
                .decide(situation(properties, "where is my order", "order-status", "en", REPLY));
        assertThat(routing.branch()).isEqualTo(RoutingDecision.HANDOFF);
        assertThat(routing.rule()).isEqualTo(RoutingRules.FALLBACK);

        assertThatThrownBy(() -> new RoutingRules(HumanRules.withDefaults(), properties(List.of("asks-for-persons"))))
                .hasMessageContaining("asks-for-persons").hasMessageContaining("asks-for-person,");
    }
}
