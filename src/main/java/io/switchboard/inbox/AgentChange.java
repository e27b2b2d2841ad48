package io.switchboard.inbox;

import com.hazelcast.map.EntryProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The only ways an agent's state changes: entry processors on the agent's key, one at a time per
 * agent across the cluster, so two instances assigning at once never push an agent past capacity.
 */
final class AgentChange {

    private AgentChange() {
    }

    private static Agent existing(Map.Entry<String, Agent> entry) {
        if (entry.getValue() == null) {
            throw new NoSuchElementException("no agent " + entry.getKey());
        }
        return entry.getValue();
    }

    /**
     * Takes a slot for the conversation: refused (null) when the agent has no room on the channel,
     * already holds one for it or, for automatic assignment, is not available; a manual pick or
     * transfer needs room only.
     */
    record Reserve(String conversationId, String channel, Instant at, boolean manual)
            implements EntryProcessor<String, Agent, Agent> {
        @Override
        public Agent process(Map.Entry<String, Agent> entry) {
            Agent agent = existing(entry);
            // a slot already held is not a new reservation: a caller whose claim fails must not free it
            if (agent.holds(conversationId)) {
                return null;
            }
            if ((!manual && agent.presence() != Presence.AVAILABLE) || !agent.hasRoomFor(channel)) {
                return null;
            }
            Agent next = agent.holding(conversationId, channel, at, false);
            entry.setValue(next);
            return next;
        }
    }

    /** The claim succeeded: the reserved slot now stands for a conversation the agent owns. */
    record Confirm(String conversationId) implements EntryProcessor<String, Agent, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, Agent> entry) {
            Agent agent = entry.getValue();
            if (agent == null || !agent.holds(conversationId)) {
                return false;
            }
            entry.setValue(agent.confirming(conversationId));
            return true;
        }
    }

    /** Counts a conversation the agent got some other way (they answered it, an older version assigned it). */
    record Hold(String conversationId, String channel, Instant at) implements EntryProcessor<String, Agent, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, Agent> entry) {
            Agent agent = existing(entry);
            if (agent.holds(conversationId)) {
                entry.setValue(agent.confirming(conversationId));
                return false;
            }
            entry.setValue(agent.holding(conversationId, channel, at, true));
            return true;
        }
    }

    /**
     * Frees the slot. {@code confirmedOrOlderThan} set: only a confirmed slot, or a reservation taken
     * before then (one still in flight stays).
     */
    record Release(String conversationId, Instant confirmedOrOlderThan) implements EntryProcessor<String, Agent, Boolean> {
        @Override
        public Boolean process(Map.Entry<String, Agent> entry) {
            Agent agent = entry.getValue();
            if (agent == null || !agent.holds(conversationId)) {
                return false;
            }
            Agent.Slot slot = agent.active().get(conversationId);
            if (confirmedOrOlderThan != null && !slot.confirmed() && !slot.since().isBefore(confirmedOrOlderThan)) {
                return false;
            }
            entry.setValue(agent.without(conversationId));
            return true;
        }
    }

    record SetPresence(Presence presence, Instant at) implements EntryProcessor<String, Agent, Agent> {
        @Override
        public Agent process(Map.Entry<String, Agent> entry) {
            Agent next = existing(entry).withPresence(presence, at);
            entry.setValue(next);
            return next;
        }
    }

    /** A sign of life; written at most every {@code granularity} so live connections do not flood the store. */
    record Seen(Instant at, Duration granularity) implements EntryProcessor<String, Agent, Void> {
        @Override
        public Void process(Map.Entry<String, Agent> entry) {
            Agent agent = entry.getValue();
            if (agent != null && (agent.lastSeenAt() == null || agent.lastSeenAt().plus(granularity).isBefore(at))) {
                entry.setValue(agent.seenAt(at));
            }
            return null;
        }
    }

    record UpdateProfile(String displayName, Set<String> queues, Set<String> skills, Map<String, Integer> capacity,
                         String source) implements EntryProcessor<String, Agent, Agent> {
        @Override
        public Agent process(Map.Entry<String, Agent> entry) {
            Agent next = existing(entry).withProfile(displayName, queues, skills, capacity, source);
            entry.setValue(next);
            return next;
        }
    }
}
