package io.switchboard.routing;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Decision;
import io.switchboard.conversation.Turn;
import io.switchboard.delivery.NoReachableChannelException;
import io.switchboard.delivery.OutboundDispatcher;
import io.switchboard.inbox.AiDrafts;
import io.switchboard.inbox.QueueDefinition;
import io.switchboard.inbox.QueueDirectory;
import io.switchboard.responder.AiAnswer;
import io.switchboard.responder.Question;
import io.switchboard.responder.Responder;
import io.switchboard.routing.RoutingProperties.Autonomy;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Decides who answers a customer message, and records why. In order: a rule that always means a
 * person (the customer asks for one, an escalation topic, strong anger, the AI's answers did not
 * help twice); a language the AI does not answer in; the intent classifier (below its threshold the
 * message is unknown and a person answers); the intent's autonomy ({@code off}: a person;
 * {@code draft}: the AI's suggestion waits for an agent; {@code auto}: the AI answers when the
 * responder finds a grounded answer, else a person). Only an open conversation is decided, so once a
 * person owns it the AI stays silent until an agent hands it back.
 */
@Component("routingDecider")
public class RoutingDecider {

    static final String AI_REPLY = "ai-reply";
    static final String HUMAN_QUEUE = "human-queue";
    static final String NOTICE_KIND = "handoff-notice";
    private static final Logger log = LoggerFactory.getLogger(RoutingDecider.class);
    private static final int MAX_POSITION_COUNTED = 500;

    private final ConversationMemory memory;
    private final IntentClassifier classifier;
    private final HumanRules rules;
    private final LanguageDetector languages;
    private final ObjectProvider<Responder> responder;
    private final OutboundDispatcher outbound;
    private final AiDrafts drafts;
    private final QueueDirectory queues;
    private final HandoffNotes notes;
    private final RoutingProperties properties;
    private final Clock clock;

    RoutingDecider(ConversationMemory memory, IntentClassifier classifier, HumanRules rules, LanguageDetector languages,
                   ObjectProvider<Responder> responder, OutboundDispatcher outbound, AiDrafts drafts,
                   QueueDirectory queues, HandoffNotes notes, RoutingProperties properties, Clock clock) {
        this.memory = memory;
        this.classifier = classifier;
        this.rules = rules;
        this.languages = languages;
        this.responder = responder;
        this.outbound = outbound;
        this.drafts = drafts;
        this.queues = queues;
        this.notes = notes;
        this.properties = properties;
        this.clock = clock;
    }

    /** Decides the conversation if it is still waiting for a decision; returns it as it stands. */
    public Conversation decide(@Header("switchboard-conversation-id") String conversationId) {
        Conversation conversation = memory.require(conversationId);
        if (conversation.status() != ConversationStatus.OPEN) {
            return conversation;
        }
        if (properties.mode() == RoutingProperties.Mode.PEOPLE_ONLY) {
            Conversation queued = memory.queue(conversationId, properties.defaultQueue(), new Decision(clock.instant(),
                    HUMAN_QUEUE, properties.defaultQueue(), "automatic routing is off: a person answers",
                    Map.of("rule", "people-only")));
            log.info("conversation {} queued to {} (rule people-only)", conversationId, properties.defaultQueue());
            return queued;
        }
        String text = lastCustomerText(conversation);
        Classification classified = classifier.classify(text);
        RoutingProperties.Intent intent = classified.abstained() ? null : properties.intents().get(classified.intent());
        String queue = intent == null ? null : intent.queue();
        String intentName = intent == null ? null : classified.intent();
        var detail = new HashMap<String, String>();
        detail.put("score", String.format(Locale.ROOT, "%.3f", classified.score()));
        if (classified.best() != null) {
            detail.put("intent", classified.best());
        }
        String language = languages.detect(text).orElse(null);
        if (language != null) {
            detail.put("language", language);
        }
        Optional<HumanRules.Match> rule = rules.check(conversation, text);
        if (rule.isPresent()) {
            detail.put("rule", rule.get().rule());
            return handOff(conversation, queue, language, rule.get().reason(), detail, intentName);
        }
        if (language != null && !properties.aiLanguages().contains(language)) {
            detail.put("rule", "language");
            return handOff(conversation, queue, language, "the customer writes in a language the AI does not answer in ("
                    + language + ")", detail, intentName);
        }
        if (intent == null) {
            detail.put("rule", "unknown-intent");
            return handOff(conversation, null, language, "no intent matches the message well enough (best "
                    + classified.best() + " at " + detail.get("score") + ")", detail, null);
        }
        if (intent.escalate()) {
            detail.put("rule", "escalation-intent");
            return handOff(conversation, queue, language, "intent " + classified.intent() + " always goes to a person",
                    detail, classified.intent());
        }
        if (intent.autonomy() == Autonomy.OFF) {
            detail.put("rule", "autonomy-off");
            return handOff(conversation, queue, language, "intent " + classified.intent() + " is answered by people only",
                    detail, classified.intent());
        }
        AiAnswer answer = answer(conversation, text, language, classified.intent());
        answer.detail().forEach((key, value) -> detail.put("ai-" + key, value)); // next to, not over, the intent's score
        if (answer instanceof AiAnswer.Handoff handoff) {
            detail.put("rule", "no-grounded-answer");
            return handOff(conversation, queue, language, handoff.reason(), detail, classified.intent());
        }
        AiAnswer.Reply reply = (AiAnswer.Reply) answer;
        if (intent.autonomy() == Autonomy.DRAFT) {
            drafts.propose(conversation.id(), reply.draft(), properties.responderName());
            detail.put("rule", "autonomy-draft");
            return handOff(conversation, queue, language, "intent " + classified.intent()
                    + " is answered by a person; the AI's draft is attached", detail, classified.intent());
        }
        return replyAutomatically(conversation, reply, queue, language, detail, classified.intent());
    }

    private AiAnswer answer(Conversation conversation, String text, String language, String intent) {
        Responder available = responder.getIfAvailable();
        if (available == null) {
            return new AiAnswer.Handoff("no AI responder is configured", Map.of());
        }
        try {
            return available.answer(new Question(conversation.id(), text, language, intent));
        } catch (RuntimeException e) {
            log.warn("the AI responder failed on conversation {}: {}", conversation.id(), e.getClass().getSimpleName());
            return new AiAnswer.Handoff("the AI responder failed (" + e.getClass().getSimpleName() + ")", Map.of());
        }
    }

    private Conversation replyAutomatically(Conversation conversation, AiAnswer.Reply reply, String queue,
                                            String language, Map<String, String> detail, String intent) {
        var metadata = new HashMap<String, String>();
        metadata.put("kind", AI_REPLY);
        if (!reply.citations().isEmpty()) {
            metadata.put("article", reply.citations().get(0).title());
        }
        try {
            outbound.aiReply(conversation.id(), reply.text(), properties.responderName(), metadata);
        } catch (NoReachableChannelException e) {
            var why = new HashMap<>(detail);
            why.put("rule", "unreachable");
            return handOff(memory.require(conversation.id()), queue, language,
                    "the AI had an answer but no channel reaches the customer", why, intent);
        } catch (IllegalStateException e) {
            log.info("conversation {} was taken over while the AI answered: no AI reply", conversation.id());
            return memory.require(conversation.id());
        }
        var why = new HashMap<>(detail);
        why.put("rule", "ai-answer");
        String source = reply.citations().isEmpty() ? "the knowledge base"
                : "article " + reply.citations().get(0).articleId();
        Conversation after = memory.recordDecision(conversation.id(), new Decision(clock.instant(), AI_REPLY, null,
                "the AI answered intent " + intent + " from " + source, why));
        log.info("conversation {} answered by the AI (intent {}, {})", conversation.id(), intent, source);
        return after;
    }

    /**
     * Sends the conversation to a person: the queue (the intent's, one with the customer's language
     * skill, else the default), the decision and its reason, the handoff note, and a word to the
     * customer (unless the queue is closed: the inbox then tells them when it opens).
     */
    private Conversation handOff(Conversation conversation, String intentQueue, String language, String reason,
                                 Map<String, String> detail, String intent) {
        String queue = queueFor(intentQueue, language);
        String sentiment = HumanRules.REPEATED_FAILURE.equals(detail.get("rule"))
                ? "negative (the automated answers did not help)" : rules.mood(conversation);
        Conversation queued;
        try {
            queued = memory.queue(conversation.id(), queue, new Decision(clock.instant(), HUMAN_QUEUE, queue, reason,
                    detail));
        } catch (IllegalStateException e) {
            log.info("conversation {} changed while it was decided: left as it is", conversation.id());
            return memory.require(conversation.id());
        }
        memory.recordNote(conversation.id(), new ConversationMemory.Draft(Author.SYSTEM, properties.responderName(), null,
                null, notes.write(queued, intent, sentiment, reason), null, true, Map.of("kind", HandoffNotes.KIND)));
        log.info("conversation {} to queue {} ({})", conversation.id(), queue, detail.getOrDefault("rule", "rule"));
        tellCustomer(queued, queue);
        return memory.require(conversation.id());
    }

    private void tellCustomer(Conversation conversation, String queue) {
        if (!queues.isOpen(queue, clock.instant())) {
            return;
        }
        if ("voice".equals(lastCustomerTurn(conversation).map(Turn::channel).orElse(null))) {
            return; // the call itself puts the caller through; speaking into it would cut the transfer
        }
        int position = memory.list(new ConversationMemory.Scope(Set.of(ConversationStatus.QUEUED), List.of(queue), null,
                false), MAX_POSITION_COUNTED, 0).size();
        try {
            outbound.systemMessage(conversation.id(), properties.handoffNotice()
                    .replace("{position}", Integer.toString(Math.max(1, position))), null, Map.of("kind", NOTICE_KIND));
        } catch (NoReachableChannelException e) {
            log.info("conversation {}: no channel reaches the customer for the handoff notice", conversation.id());
        }
    }

    /** The intent's queue, unless the customer's language calls for a queue with that skill. */
    private String queueFor(String intentQueue, String language) {
        String queue = intentQueue != null && queues.find(intentQueue).isPresent() ? intentQueue : properties.defaultQueue();
        if (language == null || properties.aiLanguages().contains(language)
                || queues.require(queue).skills().contains("language:" + language)) {
            return queue;
        }
        return queues.all().stream().filter(q -> q.skills().contains("language:" + language))
                .map(QueueDefinition::name).findFirst().orElse(queue);
    }

    private static String lastCustomerText(Conversation conversation) {
        return lastCustomerTurn(conversation).map(Turn::text).orElse("");
    }

    private static Optional<Turn> lastCustomerTurn(Conversation conversation) {
        List<Turn> turns = conversation.visibleTurns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).author() == Author.CUSTOMER) {
                return Optional.of(turns.get(i));
            }
        }
        return Optional.empty();
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
                        lastCustomerTurn(c).map(t -> Long.toString(t.seq())).orElse("0")))
                .toList();
    }
}
