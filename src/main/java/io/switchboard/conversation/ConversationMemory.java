package io.switchboard.conversation;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.switchboard.envelope.Direction;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.system.AuditLog;
import java.sql.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The conversation memory every instance shares. A customer message on any of their addresses
 * joins their current conversation; replies, notes and decisions are appended to it; every change
 * is an entry processor on the conversation's key.
 */
@Service
public class ConversationMemory {

    private static final Logger log = LoggerFactory.getLogger(ConversationMemory.class);

    static final String CONVERSATIONS = "conversations";
    /** Turn kind of a reply the AI suggests and an agent sends, edits or discards. */
    public static final String DRAFT_KIND = "ai-draft";
    /**
     * The kind of the turn that records what the gateway asked the company's systems to do at the
     * customer's confirmation, with {@code action}, {@code order} and {@code outcome} (done, refused, failed).
     */
    public static final String ACTION_KIND = "action";

    private final IMap<String, Conversation> conversations;
    private final CustomerDirectory customers;
    private final TurnRepository turns;
    private final JdbcTemplate jdbc;
    private final ConversationProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    ConversationMemory(HazelcastInstance hazelcast, CustomerDirectory customers, TurnRepository turns,
                       JdbcTemplate jdbc, ConversationProperties properties, AuditLog audit, Clock clock) {
        this.conversations = hazelcast.getMap(CONVERSATIONS);
        this.customers = customers;
        this.turns = turns;
        this.jdbc = jdbc;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /** What to append on the conversation's behalf: a reply, a note, a system record. */
    public record Draft(Author author, String authorName, String channel, String address, String text,
                        String subject, boolean internal, Map<String, String> metadata) {
    }

    /** Records an agent's reply: appended as queued for delivery, and the conversation is theirs. */
    public Appended recordAgentReply(String conversationId, Draft draft) {
        return append(conversationId, draft, ConversationChange.Effect.AGENT_REPLIED);
    }

    /**
     * Records an automated answer: the conversation waits for the customer, nobody owns it. Throws
     * {@link IllegalStateException}, recording nothing, when the conversation is no longer open (a
     * person took it over while the answer was being written).
     */
    public Appended recordAutomatedReply(String conversationId, Draft draft) {
        Appended appended = append(conversationId, draft, ConversationChange.Effect.ANSWERED_AUTOMATICALLY);
        if (appended.turn() == null) {
            throw new IllegalStateException("only an open conversation is answered automatically, this one is "
                    + appended.status().wireName());
        }
        return appended;
    }

    /**
     * Attaches a reply the AI suggests: an internal AI turn agents send, edit or discard; {@code intent}
     * (null: none) says what it answers, so that what agents do with drafts counts per intent.
     */
    public Appended recordDraft(String conversationId, String text, String by, String intent) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a draft needs text");
        }
        return recordNote(conversationId, new Draft(Author.AI, by, null, null, text, null, true,
                intent == null ? Map.of("kind", DRAFT_KIND) : Map.of("kind", DRAFT_KIND, "intent", intent)));
    }

    /** Records a note or a system message without changing the conversation's state. */
    public Appended recordNote(String conversationId, Draft draft) {
        return append(conversationId, draft, ConversationChange.Effect.NONE);
    }

    /**
     * Records a note or a system message as the turn {@code turnId} (null: a new one), without changing
     * the conversation's state; recording the same turn id again records nothing more.
     */
    public Appended recordNote(String conversationId, Draft draft, String turnId) {
        return append(conversationId, draft, ConversationChange.Effect.NONE,
                turnId == null ? UUID.randomUUID().toString() : turnId);
    }

    /**
     * The conversation a message the company starts joins, so that the customer's answer joins it too:
     * their current one while it is not resolved, else a new one waiting for the customer (its id follows
     * from {@code noticeId}: asking again gives the same).
     */
    public String noticeConversation(String customerId, String noticeId) {
        Instant now = clock.instant();
        String current = customers.require(customerId).currentConversationId();
        if (current != null && find(current).filter(c -> c.status() != ConversationStatus.RESOLVED).isPresent()) {
            return current;
        }
        String next = UUID.nameUUIDFromBytes(("notice:" + noticeId).getBytes(StandardCharsets.UTF_8)).toString();
        conversations.executeOnKey(next, new ConversationChange.StartWaiting(customerId, current, now));
        String winner = customers.replaceConversation(customerId, current, next).currentConversationId();
        if (!next.equals(winner)) {
            // another message opened one meanwhile: the notice joins it, and the empty one goes
            conversations.delete(next);
            return noticeConversation(customerId, noticeId);
        }
        return next;
    }

    private Appended append(String conversationId, Draft draft, ConversationChange.Effect effect) {
        return append(conversationId, draft, effect, UUID.randomUUID().toString());
    }

    private Appended append(String conversationId, Draft draft, ConversationChange.Effect effect, String turnId) {
        Instant now = clock.instant();
        Direction direction = draft.author() == Author.CUSTOMER ? Direction.INBOUND : Direction.OUTBOUND;
        Delivery delivery = !draft.internal() && direction == Direction.OUTBOUND && draft.channel() != null
                ? Delivery.queued(draft.channel(), now) : null;
        Turn turn = new Turn(0, turnId, now, draft.channel(), direction, draft.author(),
                draft.authorName(), draft.address(), draft.text(), draft.subject(), List.of(), null, delivery,
                draft.internal(), null, draft.metadata());
        return change(conversationId,
                new ConversationChange.AppendTurn(turn, effect, now, properties.limits()));
    }

    /** Records a delivery receipt for an outbound turn, in memory or, for an old turn, in the store. */
    public void updateDelivery(String conversationId, long seq, Delivery delivery, String providerMessageId) {
        Boolean hot = change(conversationId,
                new ConversationChange.UpdateDelivery(seq, delivery, providerMessageId));
        if (!Boolean.TRUE.equals(hot)) {
            turns.find(conversationId, seq).stream().findFirst().ifPresent(t -> {
                if (t.delivery() == null || t.delivery().status().canMoveTo(delivery.status())) {
                    Turn updated = t.withDelivery(delivery);
                    turns.save(conversationId, providerMessageId == null ? updated
                            : updated.withProviderMessageId(providerMessageId));
                }
            });
        }
    }

    /**
     * Records a delivery status for the outbound message the provider knows by this id on the
     * channel; returns false when no such message was sent.
     */
    public boolean updateDeliveryOfSent(String channel, String providerMessageId, Delivery delivery) {
        var sent = turns.outboundByProviderMessageId(channel, providerMessageId);
        sent.ifPresent(located -> updateDelivery(located.conversationId(), located.turn().seq(), delivery, null));
        return sent.isPresent();
    }

    /** The conversation that now holds the customer message a provider knows by this id. */
    public Optional<String> conversationOfInbound(String channel, String providerMessageId) {
        return turns.conversationOfInbound(channel, providerMessageId);
    }

    public Optional<Conversation> find(String conversationId) {
        return Optional.ofNullable(conversations.get(conversationId));
    }

    public Conversation require(String conversationId) {
        return find(conversationId).orElseThrow(() -> new NoSuchConversationException(conversationId));
    }

    /** Sends the conversation to a human queue, recording why. */
    public Conversation queue(String conversationId, String queue, Decision decision) {
        return change(conversationId, new ConversationChange.QueueTo(queue, decision));
    }

    public Conversation recordDecision(String conversationId, Decision decision) {
        return change(conversationId, new ConversationChange.RecordDecision(decision));
    }

    public Conversation assign(String conversationId, String agent, String actor) {
        Conversation c = change(conversationId,
                new ConversationChange.Assign(agent, clock.instant()));
        audit.record(actor, "conversation.assigned", "conversation", conversationId, Map.of("agent", agent));
        return c;
    }

    /**
     * Gives a queued conversation nobody owns to {@code agent}; empty when another agent was first
     * or it is no longer queued. Safe across instances: one entry processor on the conversation's key.
     */
    public Optional<Conversation> claim(String conversationId, String agent, String actor) {
        Conversation c = change(conversationId, new ConversationChange.Claim(agent, clock.instant()));
        if (c != null) {
            audit.record(actor, "conversation.assigned", "conversation", conversationId, Map.of("agent", agent));
        }
        return Optional.ofNullable(c);
    }

    /**
     * Puts a conversation {@code agent} owns back into {@code queue}, recording why; empty when the
     * agent no longer owns it (transferred or resolved meanwhile).
     */
    public Optional<Conversation> releaseToQueue(String conversationId, String agent, String queue, Decision decision,
                                                 String actor) {
        Conversation c = change(conversationId,
                new ConversationChange.ReleaseToQueue(agent, queue, decision));
        if (c != null) {
            audit.record(actor, "conversation.released", "conversation", conversationId,
                    Map.of("agent", agent, "queue", queue, "reason", decision.reason()));
        }
        return Optional.ofNullable(c);
    }

    /** Hands the conversation back to the automated responder: nobody owns it until routing decides again. */
    public Conversation handBackToAi(String conversationId, Decision decision, String actor) {
        Conversation c = change(conversationId, new ConversationChange.HandBack(decision));
        audit.record(actor, "conversation.handed-back", "conversation", conversationId, Map.of());
        return c;
    }

    public Conversation resolve(String conversationId, String actor) {
        Conversation c = change(conversationId, new ConversationChange.Resolve(clock.instant()));
        audit.record(actor, "conversation.resolved", "conversation", conversationId, Map.of());
        return c;
    }

    /** Visible turns older than the hot window (or than {@code beforeSeq}), newest first. */
    public List<Turn> history(String conversationId, long beforeSeq, int limit) {
        require(conversationId);
        return turns.before(conversationId, beforeSeq, Math.max(1, Math.min(limit, 500)));
    }

    /** A turn as the database holds it, with its conversation. */
    public record StoredTurn(String conversationId, Turn turn) {
    }

    /**
     * Stored turns still in their conversation that come after ({@code conversationId}, {@code seq}) in
     * (conversation, seq) order, at most {@code limit}: for walking every turn once (an index rebuilt).
     * Start with an empty id.
     */
    public List<StoredTurn> storedTurnsAfter(String conversationId, long seq, int limit) {
        return turns.after(conversationId, seq, limit).stream().map(l -> new StoredTurn(l.conversationId(), l.turn()))
                .toList();
    }

    public long turnCount(String conversationId) {
        return turns.count(conversationId);
    }

    /** Conversations not touched since {@code before}, with the given status (for sweeps and timers). */
    public List<String> idleSince(ConversationStatus status, Instant before, int limit) {
        return jdbc.queryForList("select id from conversation where status = ? and updated_at < ? order by updated_at limit ?",
                String.class, status.wireName(), Timestamp.from(before), limit);
    }

    /**
     * Calls {@code listener} with the conversation as it is after every change, on a Hazelcast event
     * thread. With {@code ownedHere} only for the conversations this member owns, so across the
     * cluster each change is handled once; otherwise for every conversation (to tell this
     * instance's clients). Changes made by entry processors carry no earlier state, so listeners
     * compare the new state with what they know.
     */
    public UUID addChangeListener(Consumer<Conversation> listener, boolean ownedHere) {
        var adapter = new ChangeListener(listener);
        return ownedHere ? conversations.addLocalEntryListener(adapter) : conversations.addEntryListener(adapter, true);
    }

    public void removeChangeListener(UUID registration) {
        conversations.removeEntryListener(registration);
    }

    private record ChangeListener(Consumer<Conversation> listener) implements EntryAddedListener<String, Conversation>,
            EntryUpdatedListener<String, Conversation> {
        @Override
        public void entryAdded(EntryEvent<String, Conversation> event) {
            listener.accept(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Conversation> event) {
            listener.accept(event.getValue());
        }
    }

    /**
     * Runs a change on the conversation's key, on the member that owns it. When the store refuses it
     * because this copy is behind the database (another member recorded turns meanwhile: the other
     * side of a network split, or a member that died before its backup was written), the copy is
     * dropped from memory, read again from the database, and the change runs once more on that.
     */
    <R> R change(String conversationId, EntryProcessor<String, Conversation, R> change) {
        try {
            return conversations.executeOnKey(conversationId, change);
        } catch (RuntimeException e) {
            if (ObjectHelper.getException(ConversationChangedElsewhereException.class, e) == null) {
                throw e;
            }
            log.warn("conversation {}: this member's copy was behind the database; read again", conversationId);
            conversations.evict(conversationId);
            return conversations.executeOnKey(conversationId, change);
        }
    }

    IMap<String, Conversation> map() {
        return conversations;
    }

    ConversationProperties properties() {
        return properties;
    }
}
