package io.switchboard.conversation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.switchboard.envelope.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's conversation across every channel: its lifecycle, the last turns (the rest are in
 * the database), a running summary of what scrolled out, and the routing decisions taken.
 * Immutable; each transition checks it is allowed and returns the next state.
 *
 * @param nextSeq          sequence number the next turn gets
 * @param turns            the most recent turns, oldest first
 * @param summary          running summary of the turns no longer in {@code turns}
 * @param summarizedTurns  how many turns the summary covers
 * @param channels         every channel the conversation has used, in first-use order
 * @param unsaved          turns added or changed by the last update, for the store to write (even
 *                         one that already left the hot window); not persisted as such
 */
public record Conversation(
        String id,
        String customerId,
        ConversationStatus status,
        String queue,
        String assignee,
        Instant createdAt,
        Instant updatedAt,
        Instant resolvedAt,
        String previousConversationId,
        long nextSeq,
        List<Turn> turns,
        String summary,
        long summarizedTurns,
        List<Decision> decisions,
        List<String> channels,
        Instant lastCustomerAt,
        Instant firstResponseAt,
        @JsonIgnore List<Turn> unsaved) {

    static final int MAX_DECISIONS = 20;
    /** The key of a decision's detail that names the customer's language. */
    public static final String LANGUAGE = "language";

    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
        nextSeq = Math.max(1, nextSeq);
        turns = turns == null ? List.of() : List.copyOf(turns);
        summary = summary == null ? "" : summary;
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        channels = channels == null ? List.of() : List.copyOf(channels);
        unsaved = unsaved == null ? List.of() : List.copyOf(unsaved);
    }

    static Conversation start(String id, String customerId, String previousConversationId, Instant at) {
        return new Conversation(id, customerId, ConversationStatus.OPEN, null, null, at, at, null,
                previousConversationId, 1, List.of(), "", 0, List.of(), List.of(), null, null, List.of());
    }

    /** Hot turns the customer and agents see (no notes of others, nothing moved away). */
    public List<Turn> visibleTurns() {
        return turns.stream().filter(Turn::visible).toList();
    }

    public Optional<Turn> turn(long seq) {
        return turns.stream().filter(t -> t.seq() == seq).findFirst();
    }

    /**
     * The language the customer last wrote in (ISO 639-1), as the latest routing decision that knew it
     * recorded; null when none did. The gateway speaks to the customer in it.
     */
    public String language() {
        for (int i = decisions.size() - 1; i >= 0; i--) {
            String language = decisions.get(i).detail() == null ? null : decisions.get(i).detail().get(LANGUAGE);
            if (language != null && !language.isBlank()) {
                return language;
            }
        }
        return null;
    }

    /**
     * The turn the customer's latest message answers: the latest turn before it by the AI or an agent
     * (system notices skipped), with no other customer message in between; empty when there is none.
     */
    public Optional<Turn> turnAnswered() {
        List<Turn> visible = visibleTurns();
        boolean latestSeen = false;
        for (int i = visible.size() - 1; i >= 0; i--) {
            Turn turn = visible.get(i);
            if (turn.author() == Author.CUSTOMER) {
                if (latestSeen) {
                    return Optional.empty();
                }
                latestSeen = true;
            } else if (latestSeen && turn.author() != Author.SYSTEM) {
                return Optional.of(turn);
            }
        }
        return Optional.empty();
    }

    /** The customer's latest message among the hot turns the customer and agents see. */
    public Optional<Turn> lastCustomerTurn() {
        List<Turn> visible = visibleTurns();
        for (int i = visible.size() - 1; i >= 0; i--) {
            if (visible.get(i).author() == Author.CUSTOMER) {
                return Optional.of(visible.get(i));
            }
        }
        return Optional.empty();
    }

    public Optional<Decision> lastDecision() {
        return decisions.isEmpty() ? Optional.empty() : Optional.of(decisions.get(decisions.size() - 1));
    }

    /** The hot turn with this id. */
    public Optional<Turn> turn(String turnId) {
        return turns.stream().filter(t -> t.id().equals(turnId)).findFirst();
    }

    /** Appends a turn, giving it the next sequence number; turns beyond {@code hotTurns} fold into the summary. */
    Conversation append(Turn draft, Instant at, Limits limits) {
        Turn turn = draft.withSeq(nextSeq);
        var hot = new ArrayList<>(turns);
        hot.add(turn);
        String folded = summary;
        long summarized = summarizedTurns;
        while (hot.size() > limits.hotTurns()) {
            folded = RunningSummary.fold(folded, hot.remove(0), limits.summaryChars());
            summarized++;
        }
        var usedChannels = new LinkedHashSet<>(channels);
        if (turn.channel() != null) {
            usedChannels.add(turn.channel());
        }
        Instant customerAt = turn.author() == Author.CUSTOMER ? turn.at() : lastCustomerAt;
        Instant responded = firstResponseAt == null && turn.direction() == Direction.OUTBOUND && !turn.internal()
                ? turn.at() : firstResponseAt;
        return new Conversation(id, customerId, status, queue, assignee, createdAt, at, resolvedAt,
                previousConversationId, nextSeq + 1, hot, folded, summarized, decisions, List.copyOf(usedChannels),
                customerAt, responded, plus(unsaved, List.of(turn)));
    }

    /** The state after a customer message: a waiting conversation comes back to its agent or to routing. */
    Conversation customerSpoke(Instant at) {
        return switch (status) {
            case OPEN, QUEUED, ASSIGNED -> this;
            case WAITING_FOR_CUSTOMER -> moveTo(assignee != null ? ConversationStatus.ASSIGNED : ConversationStatus.OPEN,
                    queue, assignee, at);
            case RESOLVED -> new Conversation(id, customerId, ConversationStatus.OPEN, null, null, createdAt, at, null,
                    previousConversationId, nextSeq, turns, summary, summarizedTurns, decisions, channels,
                    lastCustomerAt, firstResponseAt, unsaved);
        };
    }

    /** Routing sent it to a human queue. */
    Conversation queueTo(String queueName, Instant at) {
        requireNot(ConversationStatus.RESOLVED, "queue");
        return moveTo(ConversationStatus.QUEUED, queueName, null, at);
    }

    /** An agent takes it (from a queue, or over from another agent). */
    Conversation assignTo(String agent, Instant at) {
        requireNot(ConversationStatus.RESOLVED, "assign");
        Objects.requireNonNull(agent, "agent");
        return moveTo(ConversationStatus.ASSIGNED, queue, agent, at);
    }

    /**
     * An agent takes it from the queue; refused unless it is still waiting there for nobody, so
     * two agents racing for one conversation never both get it.
     */
    Conversation claimBy(String agent, Instant at) {
        Objects.requireNonNull(agent, "agent");
        if (status != ConversationStatus.QUEUED || assignee != null) {
            throw new IllegalStateException("only a queued conversation nobody owns can be picked, this one is "
                    + status.wireName() + (assignee == null ? "" : " (" + assignee + ")"));
        }
        return moveTo(ConversationStatus.ASSIGNED, queue, agent, at);
    }

    /** Its agent gives it back (went offline, released it): it waits in {@code queueName} again. */
    Conversation releasedBy(String agent, String queueName, Instant at) {
        if (status == ConversationStatus.RESOLVED || !Objects.equals(assignee, agent)) {
            throw new IllegalStateException("only the agent who owns an unresolved conversation can release it");
        }
        return moveTo(ConversationStatus.QUEUED, queueName, null, at);
    }

    /** Handed back to the automated responder: nobody owns it; the next customer message is routed again. */
    Conversation handedBackToAi(Instant at) {
        requireNot(ConversationStatus.RESOLVED, "hand back");
        return moveTo(ConversationStatus.WAITING_FOR_CUSTOMER, null, null, at);
    }

    /** An agent answered; the conversation is theirs until handed on. */
    Conversation agentReplied(String agent, Instant at) {
        requireNot(ConversationStatus.RESOLVED, "reply to");
        return moveTo(ConversationStatus.WAITING_FOR_CUSTOMER, queue, assignee != null ? assignee : agent, at);
    }

    /** An automated responder answered; nobody owns the conversation. */
    Conversation answeredAutomatically(Instant at) {
        if (status != ConversationStatus.OPEN) {
            throw new IllegalStateException("only an open conversation is answered automatically, this one is "
                    + status.wireName());
        }
        return moveTo(ConversationStatus.WAITING_FOR_CUSTOMER, queue, null, at);
    }

    Conversation resolve(Instant at) {
        requireNot(ConversationStatus.RESOLVED, "resolve");
        return new Conversation(id, customerId, ConversationStatus.RESOLVED, queue, assignee, createdAt, at, at,
                previousConversationId, nextSeq, turns, summary, summarizedTurns, decisions, channels,
                lastCustomerAt, firstResponseAt, unsaved);
    }

    Conversation decided(Decision decision) {
        var next = new ArrayList<>(decisions);
        next.add(decision);
        while (next.size() > MAX_DECISIONS) {
            next.remove(0);
        }
        return new Conversation(id, customerId, status, queue, assignee, createdAt, decision.at(), resolvedAt,
                previousConversationId, nextSeq, turns, summary, summarizedTurns, next, channels, lastCustomerAt,
                firstResponseAt, unsaved);
    }

    Conversation ownedBy(String newCustomerId, Instant at) {
        return new Conversation(id, newCustomerId, status, queue, assignee, createdAt, at, resolvedAt,
                previousConversationId, nextSeq, turns, summary, summarizedTurns, decisions, channels, lastCustomerAt,
                firstResponseAt, unsaved);
    }

    /** Replaces hot turns by their changed versions, marking them for the store. */
    Conversation withChangedTurns(List<Turn> changed, Instant at) {
        var bySeq = new ArrayList<>(turns);
        for (Turn t : changed) {
            for (int i = 0; i < bySeq.size(); i++) {
                if (bySeq.get(i).seq() == t.seq()) {
                    bySeq.set(i, t);
                }
            }
        }
        return new Conversation(id, customerId, status, queue, assignee, createdAt, at, resolvedAt,
                previousConversationId, nextSeq, bySeq, summary, summarizedTurns, decisions, channels,
                lastCustomerAt, firstResponseAt, plus(unsaved, changed));
    }

    /**
     * Retention: the hot turns whose text falls under {@code kind} and was said before {@code before}
     * lose it (marked for the store), and so do the summary's lines of that kind and age. When it
     * changed stays as it was: nobody spoke.
     */
    Conversation withoutTextBefore(String kind, Instant before) {
        var changed = turns.stream()
                .filter(t -> kind.equals(t.textKind()) && !t.textRemoved() && t.at().isBefore(before))
                .map(Turn::withoutText).toList();
        String kept = RunningSummary.without(summary, kind, before);
        if (changed.isEmpty() && kept.equals(summary)) {
            return this;
        }
        return withChangedTurns(changed, updatedAt).withSummary(kept);
    }

    /** The sequence number of the first turn held in memory: older ones are only in the store. */
    long firstHotSeq() {
        return turns.isEmpty() ? nextSeq : turns.get(0).seq();
    }

    private Conversation withSummary(String newSummary) {
        return new Conversation(id, customerId, status, queue, assignee, createdAt, updatedAt, resolvedAt,
                previousConversationId, nextSeq, turns, newSummary, summarizedTurns, decisions, channels,
                lastCustomerAt, firstResponseAt, unsaved);
    }

    /** The same state with hot turns as loaded from the store and nothing marked changed. */
    Conversation withLoadedTurns(List<Turn> loaded) {
        return new Conversation(id, customerId, status, queue, assignee, createdAt, updatedAt, resolvedAt,
                previousConversationId, nextSeq, loaded, summary, summarizedTurns, decisions, channels,
                lastCustomerAt, firstResponseAt, List.of());
    }

    /** The same state with nothing left to save: where every update starts. */
    Conversation unchanged() {
        return unsaved.isEmpty() ? this : new Conversation(id, customerId, status, queue, assignee, createdAt,
                updatedAt, resolvedAt, previousConversationId, nextSeq, turns, summary, summarizedTurns, decisions,
                channels, lastCustomerAt, firstResponseAt, List.of());
    }

    private Conversation moveTo(ConversationStatus next, String newQueue, String newAssignee, Instant at) {
        return new Conversation(id, customerId, next, newQueue, newAssignee, createdAt, at, resolvedAt,
                previousConversationId, nextSeq, turns, summary, summarizedTurns, decisions, channels,
                lastCustomerAt, firstResponseAt, unsaved);
    }

    /** {@code earlier} with {@code later} added, a later version of a turn replacing an earlier one. */
    private static List<Turn> plus(List<Turn> earlier, List<Turn> later) {
        var all = new ArrayList<Turn>();
        for (Turn t : earlier) {
            if (later.stream().noneMatch(l -> l.seq() == t.seq())) {
                all.add(t);
            }
        }
        all.addAll(later);
        return all;
    }

    private void requireNot(ConversationStatus forbidden, String action) {
        if (status == forbidden) {
            throw new IllegalStateException("cannot " + action + " a conversation that is " + status.wireName());
        }
    }

    /** How much a conversation keeps in memory. */
    record Limits(int hotTurns, int summaryChars) {
        Limits {
            if (hotTurns < 1 || summaryChars < 100) {
                throw new IllegalArgumentException("hot turns must be >= 1 and summary budget >= 100 characters");
            }
        }
    }
}
