package io.switchboard.inbox;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.switchboard.system.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Every agent's profile, presence and load, shared by the cluster. Profiles come from
 * configuration or an admin; a user without one gets the configured defaults when first seen.
 */
@Service
class AgentRoster {

    static final String AGENTS = "inbox-agents";
    private static final Logger log = LoggerFactory.getLogger(AgentRoster.class);
    private static final Duration SEEN_GRANULARITY = Duration.ofSeconds(30);

    private final IMap<String, Agent> agents;
    private final InboxProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    AgentRoster(HazelcastInstance hazelcast, InboxProperties properties, AuditLog audit, Clock clock) {
        this.agents = hazelcast.getMap(AGENTS);
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /** Configured profiles replace earlier configured ones; those an admin changed stay. */
    @EventListener(ApplicationReadyEvent.class)
    void applyConfiguration() {
        properties.agents().forEach((username, settings) -> {
            Agent configured = fromSettings(username, settings, "configuration");
            Agent existing = agents.putIfAbsent(username, configured);
            if (existing != null && "configuration".equals(existing.source())) {
                agents.executeOnKey(username, new AgentChange.UpdateProfile(configured.displayName(),
                        configured.queues(), configured.skills(), configured.capacity(), "configuration"));
            }
        });
    }

    Optional<Agent> find(String username) {
        return Optional.ofNullable(agents.get(username));
    }

    /** The agent, created offline from the configured defaults when they have no profile yet. */
    Agent ensure(String username) {
        Agent agent = agents.get(username);
        if (agent != null) {
            return agent;
        }
        InboxProperties.AgentSettings settings = properties.agents().get(username);
        Agent created = settings != null ? fromSettings(username, settings, "configuration")
                : fromSettings(username, properties.agentDefaults(), "default");
        Agent raced = agents.putIfAbsent(username, created);
        return raced != null ? raced : created;
    }

    List<Agent> all() {
        return agents.values().stream().sorted(Comparator.comparing(Agent::username)).toList();
    }

    /** A slot for the conversation, or empty when the agent cannot take it now (see {@link AgentChange.Reserve}). */
    Optional<Agent> reserve(String username, String conversationId, String channel, boolean manual) {
        ensure(username);
        return Optional.ofNullable(agents.executeOnKey(username,
                new AgentChange.Reserve(conversationId, channel, clock.instant(), manual)));
    }

    boolean hold(String username, String conversationId, String channel) {
        ensure(username);
        return agents.executeOnKey(username, new AgentChange.Hold(conversationId, channel, clock.instant()));
    }

    boolean release(String username, String conversationId) {
        return Boolean.TRUE.equals(agents.executeOnKey(username, new AgentChange.Release(conversationId, null)));
    }

    void confirm(String username, String conversationId) {
        agents.executeOnKey(username, new AgentChange.Confirm(conversationId));
    }

    /** Frees a confirmed slot, or a reservation older than {@code olderThan}; reservations in flight stay. */
    boolean releaseSettled(String username, String conversationId, Instant olderThan) {
        return Boolean.TRUE.equals(agents.executeOnKey(username, new AgentChange.Release(conversationId, olderThan)));
    }

    Agent setPresence(String username, Presence presence, String actor) {
        Agent before = ensure(username);
        Agent after = agents.executeOnKey(username, new AgentChange.SetPresence(presence, clock.instant()));
        if (before.presence() != presence) {
            audit.record(actor, "agent.presence-changed", "agent", username,
                    Map.of("from", before.presence().wireName(), "to", presence.wireName()));
            log.info("agent {} is {} (was {})", username, presence.wireName(), before.presence().wireName());
        }
        return after;
    }

    void seen(String username) {
        if (agents.containsKey(username)) {
            agents.executeOnKey(username, new AgentChange.Seen(clock.instant(), SEEN_GRANULARITY));
        }
    }

    /** An admin's change of an agent's profile; kept over configuration from now on. */
    Agent updateProfile(String username, String displayName, Set<String> queues, Set<String> skills,
                               Map<String, Integer> capacity, String actor) {
        Agent before = ensure(username);
        Agent after = agents.executeOnKey(username,
                new AgentChange.UpdateProfile(displayName, queues, skills, capacity, "admin"));
        audit.record(actor, "agent.profile-changed", "agent", username, Map.of(
                "queues", String.join(",", new TreeSet<>(after.queues())),
                "skills", String.join(",", new TreeSet<>(after.skills())),
                "capacity", after.capacity().toString(),
                "queuesBefore", String.join(",", new TreeSet<>(before.queues()))));
        return after;
    }

    /** Calls {@code listener} with every agent change anywhere in the cluster (for live views). */
    UUID addListener(Consumer<Agent> listener) {
        return agents.addEntryListener(new AgentEvents(listener), true);
    }

    void removeListener(UUID registration) {
        agents.removeEntryListener(registration);
    }

    private Agent fromSettings(String username, InboxProperties.AgentSettings settings, String source) {
        return new Agent(username, settings.displayName(), new HashSet<>(settings.queues()), settings.skills(),
                settings.capacity(), Presence.OFFLINE, clock.instant(), Map.of(), null, null, source);
    }

    private record AgentEvents(Consumer<Agent> listener)
            implements EntryAddedListener<String, Agent>,
            EntryUpdatedListener<String, Agent> {
        @Override
        public void entryAdded(EntryEvent<String, Agent> event) {
            listener.accept(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Agent> event) {
            listener.accept(event.getValue());
        }
    }
}
