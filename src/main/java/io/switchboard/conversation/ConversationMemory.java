package io.switchboard.conversation;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.customer.Address;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.system.AuditLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The conversation memory every instance shares. A customer message on any of their addresses
 * joins their current conversation; replies, notes and decisions are appended to it; every change
 * is an entry processor on the conversation's key.
 */
@Service
public class ConversationMemory {

    static final String CONVERSATIONS = "conversations";
    /** Turn metadata: why a sender the channel could not vouch for was trusted after all. */
    public static final String SENDER_EVIDENCE = "senderEvidence";
    private static final int MAX_NEW_CONVERSATION_ATTEMPTS = 3;
    /** References beyond the newest ones add nothing but query cost. */
    private static final int MAX_THREAD_HINTS = 20;

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

    /**
     * Records a customer message: recognises the customer by the sender's address and appends the
     * message to the conversation its threading hints name (an earlier message of this customer,
     * theirs or ours), else to their current conversation (a new one when the last was resolved too
     * long ago). A sender the channel could not vouch for ({@link Envelope#UNVERIFIED}) is not taken
     * for the address's owner: the message goes to a profile of its own, unless it answers a message
     * the gateway sent to that very address (which only its holder received). An unreadable sender
     * address is refused with {@link io.switchboard.customer.InvalidAddressException}.
     */
    public Appended recordInbound(Envelope envelope) {
        Address from = customers.addresses().normalize(envelope.channel(), envelope.from());
        Instant now = clock.instant();
        Map<String, String> metadata = turnMetadata(envelope);
        String unverified = envelope.unverified();
        if (unverified != null && answersOurMessageTo(envelope, from)) {
            unverified = null;
            metadata.remove(Envelope.UNVERIFIED);
            metadata.put(SENDER_EVIDENCE, "answers a message we sent to this address");
        }
        String candidate = UUID.randomUUID().toString();
        Customer customer = unverified == null ? customers.recordInbound(from, envelope.timestamp(), candidate)
                : customers.recordUnverifiedInbound(from, unverified, envelope.timestamp(), candidate);
        replyTo(envelope, from).ifPresent(address -> customers.recordClaim(customer.id(), address,
                "reply-to of a message"));
        Turn draft = new Turn(0, envelope.id(), envelope.timestamp(), envelope.channel(), Direction.INBOUND,
                Author.CUSTOMER, null, from.toString(), envelope.text(), envelope.subject(), envelope.attachments(),
                envelope.providerMessageId(), null, false, null, metadata);
        Optional<String> threaded = threadedConversation(customer, envelope);
        if (threaded.isPresent() && !threaded.get().equals(customer.currentConversationId())) {
            var result = conversations.executeOnKey(threaded.get(), new ConversationChange.AppendInbound(
                    customer.id(), null, draft, now, properties.reopenWindow(), properties.limits(), true));
            if (!result.closed()) {
                return result.appended();
            }
            // the thread was closed too long ago: the message is new business, like any other
        }
        Customer owner = customer;
        for (int attempt = 0; attempt < MAX_NEW_CONVERSATION_ATTEMPTS; attempt++) {
            String conversationId = owner.currentConversationId();
            var result = conversations.executeOnKey(conversationId, new ConversationChange.AppendInbound(
                    owner.id(), owner.previousConversationId(), draft, now, properties.reopenWindow(),
                    properties.limits(), false));
            if (!result.closed()) {
                return result.appended();
            }
            owner = customers.replaceConversation(owner.id(), conversationId, UUID.randomUUID().toString());
        }
        throw new IllegalStateException("could not open a new conversation for customer " + owner.id());
    }

    /**
     * True when the message answers one the gateway sent to {@code from} itself: evidence that the
     * sender holds the address (the id of our message travelled only to it). An unverified profile
     * that message went to becomes the address's owner when nobody is yet.
     */
    private boolean answersOurMessageTo(Envelope envelope, Address from) {
        String inReplyTo = envelope.threading().inReplyTo();
        if (inReplyTo == null) {
            return false;
        }
        var ours = turns.outboundByProviderMessageId(envelope.channel(), inReplyTo)
                .filter(sent -> from.toString().equals(sent.turn().address()));
        ours.flatMap(sent -> find(sent.conversationId())).map(Conversation::customerId)
                .ifPresent(sentTo -> customers.verifySender(sentTo, from, "answered message " + inReplyTo));
        return ours.isPresent();
    }

    /** Where the sender asked answers to go, when that is another address of the same channel. */
    private Optional<Address> replyTo(Envelope envelope, Address from) {
        String replyTo = envelope.metadata().get(Envelope.REPLY_TO);
        if (replyTo == null) {
            return Optional.empty();
        }
        try {
            Address address = customers.addresses().parse(replyTo);
            return address.channel().equals(from.channel()) && !address.equals(from) ? Optional.of(address)
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The conversation of the newest earlier message, of this customer on this channel, the hints name. */
    private Optional<String> threadedConversation(Customer customer, Envelope envelope) {
        var named = new LinkedHashSet<String>();
        if (envelope.threading().inReplyTo() != null) {
            named.add(envelope.threading().inReplyTo());
        }
        List<String> references = envelope.threading().references();
        named.addAll(references.subList(Math.max(0, references.size() - MAX_THREAD_HINTS), references.size()));
        named.remove(envelope.providerMessageId());
        if (named.isEmpty()) {
            return Optional.empty();
        }
        return turns.conversationOfMessages(customer.id(), envelope.channel(), named);
    }

    /** What to append on the conversation's behalf: a reply, a note, a system record. */
    public record Draft(Author author, String authorName, String channel, String address, String text,
                        String subject, boolean internal, Map<String, String> metadata) {
    }

    /** Records an agent's reply: appended as queued for delivery, and the conversation is theirs. */
    public Appended recordAgentReply(String conversationId, Draft draft) {
        return append(conversationId, draft, ConversationChange.Effect.AGENT_REPLIED);
    }

    /** Records an automated answer: the conversation waits for the customer, nobody owns it. */
    public Appended recordAutomatedReply(String conversationId, Draft draft) {
        return append(conversationId, draft, ConversationChange.Effect.ANSWERED_AUTOMATICALLY);
    }

    /** Records a note or a system message without changing the conversation's state. */
    public Appended recordNote(String conversationId, Draft draft) {
        return append(conversationId, draft, ConversationChange.Effect.NONE);
    }

    private Appended append(String conversationId, Draft draft, ConversationChange.Effect effect) {
        Instant now = clock.instant();
        Direction direction = draft.author() == Author.CUSTOMER ? Direction.INBOUND : Direction.OUTBOUND;
        Delivery delivery = !draft.internal() && direction == Direction.OUTBOUND && draft.channel() != null
                ? Delivery.queued(draft.channel(), now) : null;
        Turn turn = new Turn(0, UUID.randomUUID().toString(), now, draft.channel(), direction, draft.author(),
                draft.authorName(), draft.address(), draft.text(), draft.subject(), List.of(), null, delivery,
                draft.internal(), null, draft.metadata());
        return conversations.executeOnKey(conversationId,
                new ConversationChange.AppendTurn(turn, effect, now, properties.limits()));
    }

    /** Records a delivery receipt for an outbound turn, in memory or, for an old turn, in the store. */
    public void updateDelivery(String conversationId, long seq, Delivery delivery, String providerMessageId) {
        Boolean hot = conversations.executeOnKey(conversationId,
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
     * Records that the provider could not deliver the outbound message it knows by this id (a
     * bounce); returns false when no such message was sent.
     */
    public boolean deliveryFailed(String channel, String providerMessageId, String reason) {
        var sent = turns.outboundByProviderMessageId(channel, providerMessageId);
        sent.ifPresent(located -> updateDelivery(located.conversationId(), located.turn().seq(),
                new Delivery(DeliveryStatus.FAILED, channel, reason, clock.instant()), null));
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
        return conversations.executeOnKey(conversationId, new ConversationChange.QueueTo(queue, decision));
    }

    public Conversation recordDecision(String conversationId, Decision decision) {
        return conversations.executeOnKey(conversationId, new ConversationChange.RecordDecision(decision));
    }

    public Conversation assign(String conversationId, String agent, String actor) {
        Conversation c = conversations.executeOnKey(conversationId,
                new ConversationChange.Assign(agent, clock.instant()));
        audit.record(actor, "conversation.assigned", "conversation", conversationId, Map.of("agent", agent));
        return c;
    }

    /**
     * Gives a queued conversation nobody owns to {@code agent}; empty when another agent was first
     * or it is no longer queued. Safe across instances: one entry processor on the conversation's key.
     */
    public Optional<Conversation> claim(String conversationId, String agent, String actor) {
        Conversation c = conversations.executeOnKey(conversationId, new ConversationChange.Claim(agent, clock.instant()));
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
        Conversation c = conversations.executeOnKey(conversationId,
                new ConversationChange.ReleaseToQueue(agent, queue, decision));
        if (c != null) {
            audit.record(actor, "conversation.released", "conversation", conversationId,
                    Map.of("agent", agent, "queue", queue, "reason", decision.reason()));
        }
        return Optional.ofNullable(c);
    }

    /** Hands the conversation back to the automated responder: nobody owns it until routing decides again. */
    public Conversation handBackToAi(String conversationId, Decision decision, String actor) {
        Conversation c = conversations.executeOnKey(conversationId, new ConversationChange.HandBack(decision));
        audit.record(actor, "conversation.handed-back", "conversation", conversationId, Map.of());
        return c;
    }

    public Conversation resolve(String conversationId, String actor) {
        Conversation c = conversations.executeOnKey(conversationId, new ConversationChange.Resolve(clock.instant()));
        audit.record(actor, "conversation.resolved", "conversation", conversationId, Map.of());
        return c;
    }

    /** Visible turns older than the hot window (or than {@code beforeSeq}), newest first. */
    public List<Turn> history(String conversationId, long beforeSeq, int limit) {
        require(conversationId);
        return turns.before(conversationId, beforeSeq, Math.max(1, Math.min(limit, 500)));
    }

    public long turnCount(String conversationId) {
        return turns.count(conversationId);
    }

    /** Conversations by status (all when null), most recently updated first. */
    public List<ConversationSummary> list(ConversationStatus status, int limit, int offset) {
        String where = status == null ? "" : "where status = ? ";
        Object[] args = status == null ? new Object[] {limit, offset} : new Object[] {status.wireName(), limit, offset};
        return jdbc.query("select id, customer_id, status, queue_name, assignee, created_at, updated_at from conversation "
                + where + "order by updated_at desc, id limit ? offset ?", (rs, i) -> new ConversationSummary(
                rs.getString("id"), rs.getString("customer_id"), ConversationStatus.fromWire(rs.getString("status")),
                rs.getString("queue_name"), rs.getString("assignee"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant()), args);
    }

    /**
     * Which conversations to list: with one of {@code statuses} (any when empty), and, when
     * {@code queues} is not null, only those in one of those queues, owned by {@code assignee}, or
     * (with {@code unqueued}) in no queue at all.
     */
    public record Scope(Set<ConversationStatus> statuses, Collection<String> queues, String assignee,
                        boolean unqueued) {
        public Scope {
            statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
            queues = queues == null ? null : List.copyOf(queues);
        }
    }

    /** Conversations in {@code scope}, most recently updated first. */
    public List<ConversationSummary> list(Scope scope, int limit, int offset) {
        var where = new ArrayList<String>();
        var args = new ArrayList<Object>();
        if (!scope.statuses().isEmpty()) {
            where.add("status in (" + String.join(", ", Collections.nCopies(scope.statuses().size(), "?")) + ")");
            scope.statuses().forEach(s -> args.add(s.wireName()));
        }
        if (scope.queues() != null) {
            var either = new ArrayList<String>();
            if (!scope.queues().isEmpty()) {
                either.add("queue_name in (" + String.join(", ", Collections.nCopies(scope.queues().size(), "?")) + ")");
                args.addAll(scope.queues());
            }
            if (scope.assignee() != null) {
                either.add("assignee = ?");
                args.add(scope.assignee());
            }
            if (scope.unqueued()) {
                either.add("queue_name is null");
            }
            if (either.isEmpty()) {
                return List.of();
            }
            where.add("(" + String.join(" or ", either) + ")");
        }
        args.add(limit);
        args.add(offset);
        return jdbc.query("select id, customer_id, status, queue_name, assignee, created_at, updated_at from conversation "
                + (where.isEmpty() ? "" : "where " + String.join(" and ", where) + " ")
                + "order by updated_at desc, id limit ? offset ?", (rs, i) -> new ConversationSummary(
                rs.getString("id"), rs.getString("customer_id"), ConversationStatus.fromWire(rs.getString("status")),
                rs.getString("queue_name"), rs.getString("assignee"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant()), args.toArray());
    }

    /** A customer's conversations, including those of customers merged into them, newest first. */
    public List<ConversationSummary> forCustomer(String customerId, int limit) {
        return jdbc.query("""
                select id, customer_id, status, queue_name, assignee, created_at, updated_at from conversation
                where customer_id = ? or customer_id in (select id from customer where merged_into = ?)
                order by updated_at desc limit ?""", (rs, i) -> new ConversationSummary(
                rs.getString("id"), rs.getString("customer_id"), ConversationStatus.fromWire(rs.getString("status")),
                rs.getString("queue_name"), rs.getString("assignee"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant()), customerId, customerId, limit);
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

    IMap<String, Conversation> map() {
        return conversations;
    }

    ConversationProperties properties() {
        return properties;
    }

    /** What the connector kept of the message, plus its threading ids. */
    private static Map<String, String> turnMetadata(Envelope envelope) {
        var meta = new HashMap<>(envelope.metadata());
        if (envelope.threading().messageId() != null) {
            meta.put("messageId", envelope.threading().messageId());
        }
        if (envelope.threading().callId() != null) {
            meta.put("callId", envelope.threading().callId());
        }
        return meta;
    }
}
