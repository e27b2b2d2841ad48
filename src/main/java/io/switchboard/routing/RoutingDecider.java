package io.switchboard.routing;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Decision;
import io.switchboard.conversation.Turn;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.responder.AiAnswer;
import io.switchboard.responder.Question;
import io.switchboard.responder.Responder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Decides who answers a customer message and says why; it acts on nothing (the decide route's
 * branches do). The latest customer message is classified (intent, score), its language detected
 * (in another language than English, the knowledge can confirm an intent the classifier is unsure of),
 * and the {@link RoutingRules} tried in order; the AI responder is asked only when a rule needs its
 * answer. A message answering the AI's clarifying question is classified and answered joined with the
 * question it clarifies ({@link Clarifications}); the human rules hear the customer's own words. Only
 * an open conversation is decided, so once a person owns it the AI stays silent until an agent hands
 * it back. In {@code people-only} mode every message goes to the default queue.
 */
@Component("routingDecider")
public class RoutingDecider {

    static final String AI_REPLY = "ai-reply";
    static final String HUMAN_QUEUE = "human-queue";
    private static final Logger log = LoggerFactory.getLogger(RoutingDecider.class);

    private final ConversationMemory memory;
    private final IntentClassifier classifier;
    private final RoutingRules rules;
    private final LanguageDetector languages;
    private final ObjectProvider<Responder> responder;
    private final QueueChoice queues;
    private final RoutingProperties properties;
    private final IntentAutonomy autonomies;
    private final Clarifications clarifications;
    private final KnowledgeConfirmation confirmation;
    private final ActionOffers offers;
    private final Clock clock;

    RoutingDecider(ConversationMemory memory, IntentClassifier classifier, RoutingRules rules, LanguageDetector languages,
                   ObjectProvider<Responder> responder, QueueCatalog queues, RoutingProperties properties,
                   IntentAutonomy autonomies, Clarifications clarifications, KnowledgeConfirmation confirmation,
                   ActionOffers offers, Clock clock) {
        this.offers = offers;
        this.confirmation = confirmation;
        this.autonomies = autonomies;
        this.clarifications = clarifications;
        this.memory = memory;
        this.classifier = classifier;
        this.rules = rules;
        this.languages = languages;
        this.responder = responder;
        this.queues = new QueueChoice(queues, properties);
        this.properties = properties;
        this.clock = clock;
    }

    /** Who answers the conversation's latest customer message; {@link Routing#NONE} when it is not waiting for that. */
    public RoutingDecision decide(@Header(EnvelopeHeaders.CONVERSATION_ID) String conversationId) {
        Conversation conversation = memory.require(conversationId);
        if (conversation.status() != ConversationStatus.OPEN) {
            return RoutingDecision.none(conversationId);
        }
        if (properties.mode() == RoutingProperties.Mode.PEOPLE_ONLY) {
            return new RoutingDecision(conversationId, RoutingDecision.QUEUE, new Decision(clock.instant(), HUMAN_QUEUE,
                    properties.defaultQueue(), "automatic routing is off: a person answers", Map.of("rule", "people-only")),
                    null, null);
        }
        String text = conversation.lastCustomerTurn().map(Turn::text).orElse("");
        Optional<Clarifications.Answer> answering = clarifications.answering(conversation);
        String question = answering.map(a -> clarifications.joined(a, text)).orElse(text);
        // a message too short to tell ("ok", "4711") is in the language the customer last wrote in
        String language = languages.detect(question).orElse(conversation.language());
        Classification classified = confirmation.confirm(classifier.classify(question), question, language);
        RoutingProperties.Intent intent = classified.abstained() ? null : properties.intents().get(classified.intent());
        RoutingProperties.Autonomy autonomy = intent == null ? null
                : autonomies.of(classified.intent(), conversation.customerId());
        var asked = new Question(conversation.id(), question, language, classified.intent(), conversation.customerId());
        var situation = new Situation(conversation, text, classified, intent, autonomy, language, new Situation.Ai() {
            @Override
            public AiAnswer answer() {
                return RoutingDecider.this.answer(asked);
            }

            @Override
            public Optional<AiAnswer.Reply> clarification() {
                return clarifications.ask(conversation, asked);
            }

            @Override
            public Optional<ActionOffers.Answer> offerAnswered() {
                return offers.answering(conversation, text);
            }
        }, queues, clock.instant());
        answering.ifPresent(a -> situation.detail().put(RoutingDecision.CLARIFIED, a.clarifies()));
        if (classified.confirmed()) {
            situation.detail().put("intentConfirmedBy", "knowledge");
        }
        RoutingDecision routing = rules.decide(situation);
        log.info("conversation {}: {} (rule {})", conversationId, routing.branch(), routing.rule());
        return routing;
    }

    private AiAnswer answer(Question question) {
        Responder available = responder.getIfAvailable();
        if (available == null) {
            return new AiAnswer.Handoff("no AI responder is configured", Map.of());
        }
        try {
            return available.answer(question);
        } catch (RuntimeException e) {
            log.warn("the AI responder failed on conversation {}: {}", question.conversationId(),
                    e.getClass().getSimpleName());
            return new AiAnswer.Handoff("the AI responder failed (" + e.getClass().getSimpleName() + ")", Map.of());
        }
    }


    /**
     * Open conversations nobody has decided for a while (a decision was cut short, see the sweep
     * route), each with the customer message waiting for the decision.
     */
    public List<Map<String, String>> undecided() {
        return memory.idleSince(ConversationStatus.OPEN, clock.instant().minus(properties.sweepAfter()), 100).stream()
                .flatMap(id -> memory.find(id).stream())
                .filter(c -> c.status() == ConversationStatus.OPEN)
                .map(c -> Map.of("conversationId", c.id(), "seq",
                        c.lastCustomerTurn().map(t -> Long.toString(t.seq())).orElse("0")))
                .toList();
    }
}
