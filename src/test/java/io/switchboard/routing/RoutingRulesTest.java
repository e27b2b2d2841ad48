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
        return new RoutingProperties(RoutingProperties.Mode.AUTOMATIC, "default",
                Map.of("order-status", new RoutingProperties.Intent("orders", RoutingProperties.Autonomy.AUTO, false,
                        List.of(), 100)), List.of("en"), List.of(), "notice", "assistant", Duration.ofSeconds(30), disabled);
    }

    static Situation situation(RoutingProperties properties, String text, String intent, String language,
                               AiAnswer answer) {
        var conversation = new Conversation("c-1", "cust-1", ConversationStatus.OPEN, null, null, T0, T0, null, null, 1,
                List.of(), "", 0, List.of(), List.of("chat"), null, null, List.of());
        var classification = intent == null ? new Classification(null, 0.1, "order-status", true)
                : new Classification(intent, 0.9, intent, false);
        return new Situation(conversation, text, classification,
                intent == null ? null : properties.intents().get(intent),
                intent == null ? null : properties.intents().get(intent).autonomy(), language, () -> answer,
                new QueueChoice(QUEUES, properties), T0);
    }

    static final AiAnswer.Reply REPLY = new AiAnswer.Reply("Automated assistant: it ships today.", "It ships today.",
            List.of(new AiAnswer.Citation("shipping", "Shipping", 0.9)), Map.of());

    @Test
    void theFirstRuleThatDecidesWinsAndItsIdIsOnTheDecision() {
        var properties = properties(List.of());
        var rules = new RoutingRules(HumanRules.withDefaults(), properties);
        assertThat(rules.ids()).containsExactly("asks-for-person", "escalation-topic", "negative-sentiment",
                "repeated-failure", "language", "unknown-intent", "escalation-intent", "autonomy-off",
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
