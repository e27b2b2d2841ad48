package io.switchboard.routing;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Turn;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The rules that send a conversation to a person whatever the classifier says, checked in this
 * order: the customer asks for a person, raises an escalation topic (legal, chargeback, safety,
 * formal complaint), is strongly upset, or says for the second time that an AI answer did not help.
 * <p>
 * Word lists, not a model: they work in English, Spanish, French and German from the first message,
 * an operator can read and extend them ({@link HumanRuleProperties}), and a decision can be
 * explained. Their limit is wording they do not list, and context: "speak to my insurance agent"
 * still asks for a person, sarcasm is not recognised, and a negation only looks three words back.
 */
@Component
public class HumanRules {

    static final String ASKS_FOR_PERSON = "asks-for-person";
    static final String NEGATIVE_SENTIMENT = "negative-sentiment";
    static final String REPEATED_FAILURE = "repeated-failure";
    static final String ESCALATION_TOPIC = "escalation-topic";
    private static final int NEGATION_WINDOW = 3;

    /** A rule that sends the conversation to a person whatever the classifier says. */
    public record Match(String rule, String reason) {
    }

    private final Phrases personRequests;
    private final Set<String> personWords;
    private final Set<String> fillerWords;
    private final Phrases notPersonRequests;
    private final int negativeThreshold;
    private final Phrases strongNegative;
    private final Phrases mildNegative;
    private final Set<String> intensifiers;
    private final Set<String> negations;
    private final int repeatedFailures;
    private final Phrases notHelped;
    private final Phrases escalation;

    @Autowired
    HumanRules(HumanRuleProperties properties) {
        HumanRuleProperties p = properties.orElse(HumanRuleProperties.defaults());
        this.personRequests = Phrases.of(p.personRequests());
        this.personWords = folded(p.personWords());
        this.fillerWords = folded(p.fillerWords());
        this.notPersonRequests = Phrases.of(p.notPersonRequests());
        this.negativeThreshold = p.negativeThreshold();
        this.strongNegative = Phrases.of(p.strongNegative());
        this.mildNegative = Phrases.of(p.mildNegative());
        this.intensifiers = folded(p.intensifiers());
        this.negations = folded(p.negations());
        this.repeatedFailures = p.repeatedFailures();
        this.notHelped = Phrases.of(p.notHelped());
        this.escalation = Phrases.of(p.escalation());
    }

    /** The rules with the bundled word lists, for use without Spring. */
    public static HumanRules withDefaults() {
        return new HumanRules(HumanRuleProperties.defaults());
    }

    /** The rule ids, in the order they are checked. */
    static final List<String> IDS = List.of(ASKS_FOR_PERSON, ESCALATION_TOPIC, NEGATIVE_SENTIMENT, REPEATED_FAILURE);

    /**
     * The first rule that fires for the customer's latest message, if any.
     *
     * @param conversation the conversation so far; the latest message may already be among its turns
     * @param text         the customer's latest message
     */
    public Optional<Match> check(Conversation conversation, String text) {
        return IDS.stream().map(rule -> match(rule, conversation, text)).flatMap(Optional::stream).findFirst();
    }

    /** The four rules, for routing's list of rules: each sends the conversation to a person when it fires. */
    List<RoutingRule> rules() {
        return IDS.stream().<RoutingRule>map(id -> new RoutingRule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Optional<RoutingDecision> decide(Situation situation) {
                return match(id, situation.conversation(), situation.text())
                        .map(match -> situation.handOff(match.rule(), match.reason()));
            }
        }).toList();
    }

    /** Whether one rule fires for the latest message. */
    private Optional<Match> match(String rule, Conversation conversation, String text) {
        String folded = Phrases.fold(text == null ? "" : text);
        return switch (rule) {
            case ASKS_FOR_PERSON -> asksForPerson(folded)
                    ? Optional.of(new Match(ASKS_FOR_PERSON, "the customer asked to talk to a person")) : Optional.empty();
            case ESCALATION_TOPIC -> escalation.foundIn(folded) ? Optional.of(new Match(ESCALATION_TOPIC,
                    "the customer raised a legal, chargeback, safety or formal-complaint matter")) : Optional.empty();
            case NEGATIVE_SENTIMENT -> {
                int negative = negativeScore(folded);
                yield negative >= negativeThreshold ? Optional.of(new Match(NEGATIVE_SENTIMENT,
                        "the customer is strongly upset (negative sentiment score " + negative + ", threshold "
                                + negativeThreshold + ")")) : Optional.empty();
            }
            case REPEATED_FAILURE -> {
                int times = conversation != null && notHelped.foundIn(folded) ? notHelpedAfterAi(conversation, text) : 0;
                yield times >= repeatedFailures ? Optional.of(new Match(REPEATED_FAILURE, "the customer said " + times
                        + " times that the automated answers did not help")) : Optional.empty();
            }
            default -> throw new IllegalArgumentException("no human rule " + rule);
        };
    }

    boolean asksForPerson(String folded) {
        String rest = notPersonRequests.removeFrom(folded);
        if (personRequests.foundIn(rest)) {
            return true;
        }
        List<String> words = List.of(rest.split(" "));
        return words.stream().anyMatch(personWords::contains)
                && words.stream().allMatch(w -> personWords.contains(w) || fillerWords.contains(w));
    }

    /**
     * The customer's mood over the whole conversation, in words for the handoff note, from the same
     * negative wording as the rule: the angriest message counts, not only the one being decided.
     */
    String mood(Conversation conversation) {
        int worst = conversation.visibleTurns().stream().filter(t -> t.author() == Author.CUSTOMER && t.text() != null)
                .mapToInt(t -> negativeScore(Phrases.fold(t.text()))).max().orElse(0);
        if (worst >= negativeThreshold) {
            return "negative (strongly upset)";
        }
        return worst > 0 ? "somewhat negative" : "no negative wording";
    }

    /** Strong terms 2 points, mild 1, +1 after an intensifier, nothing within reach of a negation. */
    int negativeScore(String folded) {
        String[] words = folded.split(" ");
        int score = 0;
        for (int start : strongNegative.startsIn(folded)) {
            score += points(words, start, 2);
        }
        for (int start : mildNegative.startsIn(folded)) {
            score += points(words, start, 1);
        }
        return score;
    }

    private int points(String[] words, int start, int base) {
        for (int i = Math.max(0, start - NEGATION_WINDOW); i < start; i++) {
            if (negations.contains(words[i])) {
                return 0;
            }
        }
        return start > 0 && intensifiers.contains(words[start - 1]) ? base + 1 : base;
    }

    /**
     * How many customer messages after an AI answer said it did not help, the latest included once
     * whether or not it is already among the turns.
     */
    private int notHelpedAfterAi(Conversation conversation, String text) {
        boolean aiAnswered = false;
        int count = 0;
        boolean latestIsLastTurn = false;
        for (Turn turn : conversation.turns()) {
            latestIsLastTurn = false;
            if (turn.author() == Author.AI) {
                aiAnswered = true;
            } else if (turn.author() == Author.CUSTOMER) {
                latestIsLastTurn = turn.text().strip().equals(text.strip());
                if (aiAnswered && notHelped.foundIn(Phrases.fold(turn.text()))) {
                    count++;
                }
            }
        }
        return latestIsLastTurn || !aiAnswered ? count : count + 1;
    }

    private static Set<String> folded(List<String> words) {
        Set<String> set = new HashSet<>();
        words.forEach(w -> set.add(Phrases.fold(w)));
        return Set.copyOf(set);
    }
}
