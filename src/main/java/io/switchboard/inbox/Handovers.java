package io.switchboard.inbox;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Decision;
import io.switchboard.system.AuditLog;
import java.time.Clock;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * What agents and supervisors do by hand: pick a waiting conversation, transfer it to an agent or a
 * queue (with a note), put it back in its queue, hand it back to the AI, change presence (going
 * offline gives every conversation back). Each move respects capacity the way assignment does.
 */
@Service
class Handovers {

    private final Assignments assignments;
    private final ConversationMemory memory;
    private final QueueDirectory queues;
    private final AgentRoster roster;
    private final WaitingList waiting;
    private final AuditLog audit;
    private final Clock clock;

    Handovers(Assignments assignments, ConversationMemory memory, QueueDirectory queues, AgentRoster roster,
              WaitingList waiting, AuditLog audit, Clock clock) {
        this.assignments = assignments;
        this.memory = memory;
        this.queues = queues;
        this.roster = roster;
        this.waiting = waiting;
        this.audit = audit;
        this.clock = clock;
    }

    Agent setPresence(String username, Presence presence, String actor) {
        Agent agent = roster.setPresence(username, presence, actor);
        if (presence == Presence.OFFLINE) {
            for (String conversationId : agent.active().keySet()) {
                giveBack(conversationId, username, "agent " + username + " went offline", actor);
                roster.release(username, conversationId);
            }
            return roster.find(username).orElse(agent);
        }
        if (presence == Presence.AVAILABLE) {
            assignments.offer(username);
        }
        return roster.find(username).orElse(agent);
    }

    /** A manual pick of a waiting conversation: within the agent's capacity, and only if nobody was first. */
    Conversation pick(String conversationId, String username) {
        Conversation c = memory.require(conversationId);
        if (c.status() != ConversationStatus.QUEUED || c.assignee() != null) {
            throw new IllegalStateException("the conversation is not waiting in a queue (" + c.status().wireName()
                    + (c.assignee() == null ? "" : ", " + c.assignee()) + ")");
        }
        String channel = Assignments.channelOf(c);
        if (roster.reserve(username, conversationId, channel, true).isEmpty()) {
            throw new IllegalStateException("you are at your capacity on " + channel);
        }
        Optional<Conversation> claimed = memory.claim(conversationId, username, username);
        if (claimed.isEmpty()) {
            roster.release(username, conversationId);
            throw new IllegalStateException("another agent took the conversation first");
        }
        waiting.leave(conversationId);
        assignments.confirm(username, conversationId);
        return claimed.get();
    }

    Conversation transferToAgent(String conversationId, String target, String note, String actor) {
        Conversation c = memory.require(conversationId);
        if (target.equals(c.assignee())) {
            throw new IllegalStateException("the conversation is already " + target + "'s");
        }
        roster.find(target).orElseThrow(() -> new NoSuchElementException("no agent " + target));
        if (roster.reserve(target, conversationId, Assignments.channelOf(c), true).isEmpty()) {
            throw new IllegalStateException(target + " is at capacity on " + Assignments.channelOf(c));
        }
        Conversation after;
        try {
            after = memory.assign(conversationId, target, actor);
        } catch (RuntimeException e) {
            roster.release(target, conversationId);
            throw e;
        }
        waiting.leave(conversationId);
        assignments.confirm(target, conversationId);
        audit.record(actor, "conversation.transferred", "conversation", conversationId,
                Map.of("from", String.valueOf(c.assignee()), "toAgent", target));
        note(conversationId, actor, "Transferred to " + target + (note == null || note.isBlank() ? "." : ": " + note));
        return after;
    }

    Conversation transferToQueue(String conversationId, String queueName, String note, String actor) {
        QueueDefinition queue = queues.require(queueName);
        Conversation before = memory.require(conversationId);
        Conversation after = memory.queue(conversationId, queue.name(), new Decision(clock.instant(), "human-queue",
                queue.name(), "transferred by " + actor, Map.of("rule", "transfer", "from",
                String.valueOf(before.queue()))));
        audit.record(actor, "conversation.transferred", "conversation", conversationId,
                Map.of("from", String.valueOf(before.assignee()), "fromQueue", String.valueOf(before.queue()),
                        "toQueue", queue.name()));
        note(conversationId, actor, "Transferred to queue " + queue.displayName()
                + (note == null || note.isBlank() ? "." : ": " + note));
        return after;
    }

    /** The agent gives the conversation back to its queue. */
    Conversation release(String conversationId, String username, String actor) {
        return giveBack(conversationId, username, actor + " put it back in the queue", actor)
                .orElseThrow(() -> new IllegalStateException("the conversation is not " + username + "'s"));
    }

    Conversation handBack(String conversationId, String note, String actor) {
        Conversation after = memory.handBackToAi(conversationId, new Decision(clock.instant(), "ai", null,
                "handed back to the automated responder by " + actor, Map.of("rule", "hand-back")), actor);
        note(conversationId, actor, "Handed back to the AI" + (note == null || note.isBlank() ? "." : ": " + note));
        return after;
    }

    private Optional<Conversation> giveBack(String conversationId, String username, String reason, String actor) {
        Conversation c = memory.find(conversationId).orElse(null);
        if (c == null) {
            return Optional.empty();
        }
        String queue = c.queue() != null ? c.queue() : queues.defaultQueue();
        return memory.releaseToQueue(conversationId, username, queue, new Decision(clock.instant(), "human-queue", queue,
                reason, Map.of("rule", "released")), actor);
    }

    private void note(String conversationId, String actor, String text) {
        memory.recordNote(conversationId, new ConversationMemory.Draft(Author.AGENT, actor, null, null, text, null, true,
                Map.of("kind", "transfer-note")));
    }
}
