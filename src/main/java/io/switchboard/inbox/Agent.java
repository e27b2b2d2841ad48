package io.switchboard.inbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An agent as assignment sees them: profile (queues, skills, capacity per channel), presence, and
 * the conversations they hold. Immutable; changed only by entry processors on the agent's key.
 *
 * @param queues         queues the agent belongs to (and sees)
 * @param skills         e.g. {@code language:de}, {@code product:billing}, {@code channel:voice}
 * @param capacity       most concurrent conversations per channel; {@code default} for other channels
 * @param presenceSince  when the presence last changed
 * @param active         conversations held, by id, with their channel and since when
 * @param lastAssignedAt when the agent last got a conversation
 * @param lastSeenAt     last sign of life (live connection, API call)
 * @param source         {@code configuration}, {@code admin} or {@code default}
 */
public record Agent(String username, String displayName, Set<String> queues, Set<String> skills,
                    Map<String, Integer> capacity, Presence presence, Instant presenceSince, Map<String, Slot> active,
                    Instant lastAssignedAt, Instant lastSeenAt, String source) {

    public static final int DEFAULT_CAPACITY = 3;

    /**
     * A conversation an agent holds. A slot is reserved before the conversation is claimed and
     * confirmed once the claim succeeded; only confirmed slots are freed when the conversation moves on.
     */
    public record Slot(String channel, Instant since, boolean confirmed) {
    }

    public Agent {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("an agent needs a user name");
        }
        displayName = displayName == null || displayName.isBlank() ? username : displayName;
        queues = queues == null ? Set.of() : Set.copyOf(queues);
        skills = skills == null ? Set.of() : Set.copyOf(skills);
        capacity = capacity == null || capacity.isEmpty() ? Map.of("default", DEFAULT_CAPACITY) : Map.copyOf(capacity);
        capacity.forEach((channel, max) -> {
            if (max == null || max < 0) {
                throw new IllegalArgumentException("capacity of " + username + " on " + channel + " must be >= 0");
            }
        });
        presence = presence == null ? Presence.OFFLINE : presence;
        Objects.requireNonNull(presenceSince, "presenceSince");
        active = active == null ? Map.of() : Map.copyOf(active);
        source = source == null ? "default" : source;
    }

    public int capacityFor(String channel) {
        Integer max = capacity.get(channel);
        return max != null ? max : capacity.getOrDefault("default", DEFAULT_CAPACITY);
    }

    public long loadOn(String channel) {
        return active.values().stream().filter(s -> Objects.equals(s.channel(), channel)).count();
    }

    public boolean hasRoomFor(String channel) {
        return loadOn(channel) < capacityFor(channel);
    }

    public boolean holds(String conversationId) {
        return active.containsKey(conversationId);
    }

    /** Member of the queue and has every skill it (and the conversation) asks for. */
    public boolean serves(QueueDefinition queue, Set<String> extraSkills) {
        return queues.contains(queue.name()) && skills.containsAll(queue.skills()) && skills.containsAll(extraSkills);
    }

    /** Idle since the later of the last assignment and becoming available. */
    public Instant idleSince() {
        return lastAssignedAt == null || presenceSince.isAfter(lastAssignedAt) ? presenceSince : lastAssignedAt;
    }

    Agent withPresence(Presence next, Instant at) {
        return new Agent(username, displayName, queues, skills, capacity, next, next == presence ? presenceSince : at,
                active, lastAssignedAt, at, source);
    }

    Agent holding(String conversationId, String channel, Instant at, boolean confirmed) {
        var next = new HashMap<>(active);
        next.put(conversationId, new Slot(channel, at, confirmed));
        return new Agent(username, displayName, queues, skills, capacity, presence, presenceSince, next, at,
                lastSeenAt, source);
    }

    Agent confirming(String conversationId) {
        Slot slot = active.get(conversationId);
        if (slot == null || slot.confirmed()) {
            return this;
        }
        var next = new HashMap<>(active);
        next.put(conversationId, new Slot(slot.channel(), slot.since(), true));
        return new Agent(username, displayName, queues, skills, capacity, presence, presenceSince, next,
                lastAssignedAt, lastSeenAt, source);
    }

    Agent without(String conversationId) {
        var next = new HashMap<>(active);
        next.remove(conversationId);
        return new Agent(username, displayName, queues, skills, capacity, presence, presenceSince, next,
                lastAssignedAt, lastSeenAt, source);
    }

    Agent seenAt(Instant at) {
        return new Agent(username, displayName, queues, skills, capacity, presence, presenceSince, active,
                lastAssignedAt, at, source);
    }

    Agent withProfile(String newDisplayName, Set<String> newQueues, Set<String> newSkills,
                      Map<String, Integer> newCapacity, String newSource) {
        return new Agent(username, newDisplayName, newQueues, newSkills, newCapacity, presence, presenceSince, active,
                lastAssignedAt, lastSeenAt, newSource);
    }
}
