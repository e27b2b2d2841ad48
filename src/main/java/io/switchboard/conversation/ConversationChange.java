package io.switchboard.conversation;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.envelope.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only ways a conversation changes: entry processors run by Hazelcast on the member that owns
 * the conversation, one at a time per conversation, so two instances never lose each other's
 * update and turns keep their order. Every input (ids, times) comes from the caller, so the backup
 * replica computes the same state.
 */
final class ConversationChange {

    private ConversationChange() {
    }

    static Conversation existing(Map.Entry<String, Conversation> entry) {
        if (entry.getValue() == null) {
            throw new NoSuchConversationException(entry.getKey());
        }
        return entry.getValue().unchanged();
    }

    /**
     * Starts a conversation that waits for the customer (a message the company starts opens it); one
     * that exists already is left as it is.
     */
    record StartWaiting(String customerId, String previousConversationId, Instant at)
            implements EntryProcessor<String, Conversation, Boolean> {

        @Override
        public Boolean process(Map.Entry<String, Conversation> entry) {
            if (entry.getValue() != null) {
                return false;
            }
            entry.setValue(Conversation.start(entry.getKey(), customerId, previousConversationId, at)
                    .answeredAutomatically(at));
            return true;
        }
    }

    /**
     * Removes the conversation if it is still resolved since before {@code resolvedBefore} (retention):
     * one the customer reopened meanwhile stays. True when it removed it.
     */
    record PurgeResolved(Instant resolvedBefore) implements EntryProcessor<String, Conversation, Boolean> {

        @Override
        public Boolean process(Map.Entry<String, Conversation> entry) {
            Conversation current = entry.getValue();
            if (current == null || current.status() != ConversationStatus.RESOLVED || current.resolvedAt() == null
                    || !current.resolvedAt().isBefore(resolvedBefore)) {
                return false;
            }
            entry.setValue(null);
            return true;
        }
    }

    /** Outcome of an inbound append: the turn joined, or the conversation is closed for good. */
    /**
     * Retention of what was said: the hot turns of one kind of text said before {@code before} lose it,
     * with the summary's lines of that kind and age. Returns the first sequence number held in memory
     * (turns before it are the caller's, in the store only); 0 when the conversation is gone.
     */
    record RemoveText(String kind, Instant before) implements EntryProcessor<String, Conversation, Long> {

        @Override
        public Long process(Map.Entry<String, Conversation> entry) {
            if (entry.getValue() == null) {
                return 0L;
            }
            Conversation current = entry.getValue().unchanged();
            Conversation next = current.withoutTextBefore(kind, before);
            if (next != current) {
                entry.setValue(next);
            }
            return next.firstHotSeq();
        }
    }

    record InboundResult(Appended appended, boolean closed) {
    }

    /**
     * A customer message: starts the conversation if new, reopens a resolved conversation within the
     * window, and refuses (closed) one resolved longer ago. Provider duplicates never get here (the
     * inbound route drops them); running the same append twice adds the turn once. A
     * message an automaton sent joins without changing the conversation's state. With
     * {@code existingOnly} (a thread named the conversation) a missing conversation counts as closed.
     */
    record AppendInbound(String customerId, String previousConversationId, Turn draft, Instant at,
                         Duration reopenWindow, Conversation.Limits limits, boolean existingOnly)
            implements EntryProcessor<String, Conversation, InboundResult> {

        @Override
        public InboundResult process(Map.Entry<String, Conversation> entry) {
            boolean created = entry.getValue() == null;
            if (created && existingOnly) {
                return new InboundResult(null, true);
            }
            Conversation current = created
                    ? Conversation.start(entry.getKey(), customerId, previousConversationId, at)
                    : entry.getValue().unchanged();
            Optional<Turn> earlier = created ? Optional.empty() : current.turn(draft.id());
            if (earlier.isPresent()) {
                // this very append ran before (Hazelcast runs an operation again when its answer was lost)
                return new InboundResult(new Appended(current.id(), earlier.get(), current.status(), current.assignee(),
                        false, false), false);
            }
            boolean resolved = current.status() == ConversationStatus.RESOLVED;
            if (resolved && current.resolvedAt().plus(reopenWindow).isBefore(at)) {
                return new InboundResult(null, true);
            }
            Conversation next = current.append(draft, at, limits);
            boolean spoke = !draft.automated();
            if (spoke) {
                next = next.customerSpoke(at);
            }
            entry.setValue(next);
            Turn turn = next.unsaved().get(next.unsaved().size() - 1);
            return new InboundResult(new Appended(next.id(), turn, next.status(), next.assignee(), created,
                    resolved && spoke), false);
        }
    }

    /** What an appended outbound or system turn does to the lifecycle. */
    enum Effect {
        /** Nothing: a note, a system record. */
        NONE,
        /** An agent answered: theirs, waiting for the customer. */
        AGENT_REPLIED,
        /** An automated responder answered: waiting for the customer, nobody owns it. */
        ANSWERED_AUTOMATICALLY
    }

    record AppendTurn(Turn draft, Effect effect, Instant at, Conversation.Limits limits)
            implements EntryProcessor<String, Conversation, Appended> {

        @Override
        public Appended process(Map.Entry<String, Conversation> entry) {
            Conversation current = existing(entry);
            Optional<Turn> earlier = current.turn(draft.id());
            if (earlier.isPresent()) {
                // this very append ran before (Hazelcast runs an operation again when its answer was lost)
                return new Appended(current.id(), earlier.get(), current.status(), current.assignee(), false, false);
            }
            if (effect == Effect.ANSWERED_AUTOMATICALLY && current.status() != ConversationStatus.OPEN) {
                // taken over while the automaton answered: nothing is appended, the caller is told by the
                // missing turn (an exception here would be logged by Hazelcast as an operation failure)
                return new Appended(current.id(), null, current.status(), current.assignee(), false, false);
            }
            Conversation next = current.append(draft, at, limits);
            next = switch (effect) {
                case NONE -> next;
                case AGENT_REPLIED -> next.agentReplied(draft.authorName(), at);
                case ANSWERED_AUTOMATICALLY -> next.answeredAutomatically(at);
            };
            entry.setValue(next);
            Turn turn = next.unsaved().get(next.unsaved().size() - 1);
            return new Appended(next.id(), turn, next.status(), next.assignee(), false, false);
        }
    }

    /**
     * A delivery receipt. Returns false when the turn is no longer in memory (the caller updates
     * the stored row). Statuses never move back.
     */
    record UpdateDelivery(long seq, Delivery delivery, String providerMessageId)
            implements EntryProcessor<String, Conversation, Boolean> {

        @Override
        public Boolean process(Map.Entry<String, Conversation> entry) {
            Conversation current = existing(entry);
            var turn = current.turn(seq);
            if (turn.isEmpty()) {
                return false;
            }
            Turn t = turn.get();
            if (t.delivery() != null && !t.delivery().status().canMoveTo(delivery.status())) {
                return true;
            }
            Turn updated = t.withDelivery(delivery);
            if (providerMessageId != null) {
                updated = updated.withProviderMessageId(providerMessageId);
            }
            entry.setValue(current.withChangedTurns(List.of(updated), delivery.updatedAt()));
            return true;
        }
    }

    /** A change to an existing conversation that returns it as it is afterwards. */
    interface Transition extends EntryProcessor<String, Conversation, Conversation> {

        Conversation apply(Conversation current);

        @Override
        default Conversation process(Map.Entry<String, Conversation> entry) {
            Conversation next = apply(existing(entry));
            entry.setValue(next);
            return next;
        }
    }

    record QueueTo(String queue, Decision decision) implements Transition {
        @Override
        public Conversation apply(Conversation current) {
            return current.queueTo(queue, decision.at()).decided(decision);
        }
    }

    record RecordDecision(Decision decision) implements Transition {
        @Override
        public Conversation apply(Conversation current) {
            return current.decided(decision);
        }
    }

    record Assign(String agent, Instant at) implements Transition {
        @Override
        public Conversation apply(Conversation current) {
            return current.assignTo(agent, at);
        }
    }

    /** An agent picks a queued conversation; empty when someone else was first or it left the queue. */
    record Claim(String agent, Instant at) implements EntryProcessor<String, Conversation, Conversation> {
        @Override
        public Conversation process(Map.Entry<String, Conversation> entry) {
            Conversation current = existing(entry);
            if (current.status() != ConversationStatus.QUEUED || current.assignee() != null) {
                return null;
            }
            Conversation next = current.claimBy(agent, at);
            entry.setValue(next);
            return next;
        }
    }

    /** Back to a queue from the agent who owns it; nothing happens when someone else owns it by now. */
    record ReleaseToQueue(String agent, String queue, Decision decision)
            implements EntryProcessor<String, Conversation, Conversation> {
        @Override
        public Conversation process(Map.Entry<String, Conversation> entry) {
            Conversation current = existing(entry);
            if (current.status() == ConversationStatus.RESOLVED || !agent.equals(current.assignee())) {
                return null;
            }
            Conversation next = current.releasedBy(agent, queue, decision.at()).decided(decision);
            entry.setValue(next);
            return next;
        }
    }

    record HandBack(Decision decision) implements Transition {
        @Override
        public Conversation apply(Conversation current) {
            return current.handedBackToAi(decision.at()).decided(decision);
        }
    }

    record Resolve(Instant at) implements Transition {
        @Override
        public Conversation apply(Conversation current) {
            return current.resolve(at);
        }
    }

    record Reown(String customerId, Instant at) implements Transition {
        @Override
        public Conversation apply(Conversation current) {
            return current.ownedBy(customerId, at);
        }
    }

    /**
     * Marks hot turns on {@code addresses} since {@code since} as moved to {@code target}, and
     * returns them as they were; cold turns are the caller's.
     */
    record MarkMoved(Set<String> addresses, Instant since, String target, Instant at)
            implements EntryProcessor<String, Conversation, List<Turn>> {

        @Override
        public List<Turn> process(Map.Entry<String, Conversation> entry) {
            Conversation current = existing(entry);
            var moving = current.turns().stream()
                    .filter(t -> t.movedTo() == null && t.address() != null && addresses.contains(t.address())
                            && !t.at().isBefore(since))
                    .toList();
            if (!moving.isEmpty()) {
                entry.setValue(current.withChangedTurns(moving.stream().map(t -> t.movedTo(target)).toList(), at));
            }
            return new ArrayList<>(moving);
        }
    }

    /** Turns moved here from another conversation, appended in their original order. */
    record AppendMoved(String customerId, String previousConversationId, List<Turn> moved, String from, Instant at,
                       Conversation.Limits limits) implements EntryProcessor<String, Conversation, Conversation> {

        @Override
        public Conversation process(Map.Entry<String, Conversation> entry) {
            Conversation next = entry.getValue() == null
                    ? Conversation.start(entry.getKey(), customerId, previousConversationId, at)
                    : entry.getValue().unchanged();
            for (Turn t : moved) {
                var meta = new java.util.HashMap<>(t.metadata());
                meta.put("movedFrom", from);
                next = next.append(new Turn(0, t.id(), t.at(), t.channel(), t.direction(), t.author(), t.authorName(),
                        t.address(), t.text(), t.subject(), t.attachments(), t.providerMessageId(), t.delivery(),
                        t.internal(), null, meta), at, limits);
                if (t.direction() == Direction.INBOUND) {
                    next = next.customerSpoke(at);
                }
            }
            entry.setValue(next);
            return next;
        }
    }
}
