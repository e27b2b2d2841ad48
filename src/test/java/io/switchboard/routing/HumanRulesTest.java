package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.envelope.Direction;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Turn;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HumanRulesTest {

    private static final HumanRules rules = HumanRules.withDefaults();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {
            "Can I talk to a real human please?",
            "I want to speak with one of your agents",
            "AGENT!!",
            "representative",
            "Please transfer me to an operator",
            "Quiero hablar con una persona",
            "¿Puedo hablar con un agente?",
            "Je voudrais parler à quelqu'un",
            "je veux parler a quelqu un",
            "Passez-moi un conseiller s'il vous plaît",
            "Ich möchte mit einem Menschen sprechen",
            "Bitte verbinden Sie mich mit einem Mitarbeiter",
    })
    void aRequestForAPersonInAnyOfFourLanguagesGoesToAPerson(String text) {
        assertThat(rules.check(conversation(List.of()), text)).map(HumanRules.Match::rule)
                .contains(HumanRules.ASKS_FOR_PERSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "How do I top up my card with Apple Pay?",
            "My browser user agent is blocked by your website, what should I change?",
            "Can I pay my travel agent booking with this card?",
            "¿Cuál es el límite de mi tarjeta?",
            "Comment activer ma carte ?",
            "Wie lange dauert eine Überweisung?",
    })
    void anOrdinaryQuestionFiresNoRule(String text) {
        assertThat(rules.check(conversation(List.of()), text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "This is a disgrace",
            "Worst service ever",
            "I am furious about this",
            "this is fucking ridiculous",
            "Es una vergüenza, estoy harto",
            "C'est scandaleux, j'en ai marre",
            "Das ist eine Frechheit",
            "very disappointed and really annoyed",
    })
    void stronglyNegativeMessagesGoToAPerson(String text) {
        Optional<HumanRules.Match> match = rules.check(conversation(List.of()), text);
        assertThat(match).map(HumanRules.Match::rule).contains(HumanRules.NEGATIVE_SENTIMENT);
        assertThat(match.get().reason()).doesNotContainIgnoringCase(text);
    }

    @Test
    void aNegatedOrMildComplaintIsNotStronglyNegative() {
        assertThat(rules.check(conversation(List.of()), "The app is not bad, but the transfer was slow")).isEmpty();
        assertThat(rules.check(conversation(List.of()), "It's not the worst, I just want my PIN")).isEmpty();
        assertThat(rules.check(conversation(List.of()), "I'm a bit disappointed my card is late")).isEmpty();
    }

    @Test
    void theMoodForTheHandoffNoteIsTheAngriestCustomerMessages() {
        assertThat(rules.mood(conversation(List.of(customer(1, "How do I change my PIN?"),
                agent(2, "This is a disgrace, sorry"))))).isEqualTo("no negative wording");
        assertThat(rules.mood(conversation(List.of(customer(1, "I'm a bit disappointed my card is late"),
                customer(2, "Where is it?"))))).isEqualTo("somewhat negative");
        assertThat(rules.mood(conversation(List.of(customer(1, "Worst service ever"), ai(2, "Sorry to hear that."),
                customer(3, "ok, thanks"))))).isEqualTo("negative (strongly upset)");
        assertThat(rules.mood(conversation(List.of(customer(1, "The app is not bad, but the transfer was slow")))))
                .as("negated").isEqualTo("no negative wording");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I will contact my lawyer",
            "I want to dispute this charge",
            "I'm filing a chargeback with my bank",
            "The charger caught fire last night",
            "I want to file a formal complaint",
            "Voy a llamar a mi abogado",
            "Je vais porter plainte",
            "Ich werde rechtliche Schritte einleiten",
    })
    void escalationWordingGoesToAPerson(String text) {
        assertThat(rules.check(conversation(List.of()), text)).map(HumanRules.Match::rule)
                .contains(HumanRules.ESCALATION_TOPIC);
    }

    @Test
    void saidTwiceAfterAnAiAnswerThatItDidNotHelpGoesToAPersonOnTheSecondTimeOnly() {
        List<Turn> turns = new ArrayList<>();
        turns.add(customer(1, "How do I change my PIN?"));
        turns.add(ai(2, "You can change it at any ATM."));
        assertThat(rules.check(conversation(turns), "That didn't help")).isEmpty();

        turns.add(customer(3, "That didn't help"));
        turns.add(ai(4, "You can also change it in the app."));
        Optional<HumanRules.Match> second = rules.check(conversation(turns), "no sirve, not what I asked");
        assertThat(second).map(HumanRules.Match::rule).contains(HumanRules.REPEATED_FAILURE);

        turns.add(customer(5, "no sirve, not what I asked"));
        assertThat(rules.check(conversation(turns), "no sirve, not what I asked"))
                .as("the latest message already among the turns counts once")
                .map(HumanRules.Match::rule).contains(HumanRules.REPEATED_FAILURE);
    }

    @Test
    void theLatestMessageAlreadyInTheTurnsIsNotCountedTwice() {
        List<Turn> turns = List.of(customer(1, "How do I change my PIN?"), ai(2, "At any ATM."),
                customer(3, "ça n'aide pas"));
        assertThat(rules.check(conversation(turns), "ça n'aide pas")).isEmpty();
    }

    @Test
    void sayingItDidNotHelpBeforeAnyAiAnswerDoesNotCount() {
        List<Turn> turns = List.of(customer(1, "Your FAQ page didn't help"), agent(2, "Let me look."));
        assertThat(rules.check(conversation(turns), "Hilft nicht")).isEmpty();
    }


    @Test
    void theBundledRulesFileBindsAsSpringConfiguration() throws IOException {
        var sources = new YamlPropertySourceLoader().load("rules", new ClassPathResource(HumanRuleProperties.DEFAULTS));
        var bound = new Binder(ConfigurationPropertySources.from(sources))
                .bind("switchboard.routing.human", HumanRuleProperties.class).get();

        assertThat(bound).isEqualTo(HumanRuleProperties.defaults());
        assertThat(bound.personRequests()).contains("hablar con ~ persona");
        assertThat(bound.negativeThreshold()).isEqualTo(2);
        assertThat(bound.negations()).as("a bare no in YAML would be the word false").contains("no")
                .doesNotContain("false");
        assertThat(bound.fillerWords()).contains("yes").doesNotContain("true");
        assertThat(rules.check(conversation(List.of()), "Yes, agent please")).map(HumanRules.Match::rule)
                .contains(HumanRules.ASKS_FOR_PERSON);
    }

    private static Conversation conversation(List<Turn> turns) {
        return new Conversation("c-1", "cust-1", ConversationStatus.OPEN, null, null, T0, T0, null, null,
                turns.size() + 1, turns, "", 0, List.of(), List.of("chat"), null, null, List.of());
    }

    private static Turn customer(long seq, String text) {
        return turn(seq, Direction.INBOUND, Author.CUSTOMER, text);
    }

    private static Turn ai(long seq, String text) {
        return turn(seq, Direction.OUTBOUND, Author.AI, text);
    }

    private static Turn agent(long seq, String text) {
        return turn(seq, Direction.OUTBOUND, Author.AGENT, text);
    }

    private static Turn turn(long seq, Direction direction, Author author, String text) {
        return new Turn(seq, "t-" + seq, T0.plusSeconds(seq), "chat", direction, author, null, "chat:v1", text, null,
                List.of(), null, null, false, null, null);
    }
}
