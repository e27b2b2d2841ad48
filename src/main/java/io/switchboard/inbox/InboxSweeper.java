package io.switchboard.inbox;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationSummary;
import io.switchboard.system.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The inbox's timer, run by the cluster's oldest member: escalates conversations waiting past
 * their SLA, offers waiting conversations again (queues open, agents free up), sends agents who
 * were not seen for a while offline, and repairs what a lost event left behind.
 */
@Component
class InboxSweeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InboxSweeper.class);
    private static final Duration RESERVATION_GRACE = Duration.ofMinutes(1);
    private static final int BATCH = 5000;

    private final HazelcastInstance hazelcast;
    private final Assignments assignments;
    private final Handovers handovers;
    private final WaitingList waiting;
    private final QueueDirectory queues;
    private final AgentRoster roster;
    private final ConversationMemory memory;
    private final ConversationListing listing;
    private final ConversationFacts facts;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final InboxProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inbox-sweeper");
        t.setDaemon(true);
        return t;
    });

    InboxSweeper(HazelcastInstance hazelcast, Assignments assignments, Handovers handovers, WaitingList waiting,
                 QueueDirectory queues, AgentRoster roster, ConversationMemory memory, ConversationListing listing, ConversationFacts facts,
                 AuditLog audit, ApplicationEventPublisher events, MeterRegistry meters, InboxProperties properties,
                 Clock clock) {
        this.hazelcast = hazelcast;
        this.assignments = assignments;
        this.handovers = handovers;
        this.waiting = waiting;
        this.queues = queues;
        this.roster = roster;
        this.memory = memory;
        this.listing = listing;
        this.facts = facts;
        this.audit = audit;
        this.events = events;
        this.meters = meters;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long every = properties.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepIfOldest, every, every, TimeUnit.MILLISECONDS);
    }

    private void sweepIfOldest() {
        try {
            if (hazelcast.getLifecycleService().isRunning()
                    && hazelcast.getCluster().getMembers().iterator().next().localMember()) {
                sweep();
            }
        } catch (RuntimeException e) {
            log.warn("inbox sweep failed, retrying at the next one: {}", e.toString());
        }
    }

    /** One pass; safe to run anywhere and at any time, every step is idempotent. */
    void sweep() {
        Instant now = clock.instant();
        repairWaitingList();
        escalate(now);
        List<WaitingEntry> waitingNow = waiting.inOrder();
        for (Agent agent : roster.all()) {
            if (agent.presence() == Presence.AVAILABLE && !waitingNow.isEmpty()) {
                assignments.offer(agent, waitingNow.stream().filter(e -> agent.queues().contains(e.queue())).toList());
            }
        }
        sendUnseenAgentsOffline(now);
        freeStaleSlots(now);
    }

    private void repairWaitingList() {
        var queued = listing.list(new ConversationListing.Scope(Set.of(ConversationStatus.QUEUED), null, null, false), BATCH, 0)
                .stream().filter(s -> s.assignee() == null).collect(Collectors.toMap(ConversationSummary::id, s -> s));
        for (WaitingEntry entry : waiting.inOrder()) {
            if (!queued.containsKey(entry.conversationId()) && !stillWaiting(entry.conversationId())) {
                waiting.leave(entry.conversationId());
            }
            queued.remove(entry.conversationId());
        }
        queued.keySet().forEach(assignments::queued);
    }

    private boolean stillWaiting(String conversationId) {
        return memory.find(conversationId)
                .map(c -> c.status() == ConversationStatus.QUEUED && c.assignee() == null).orElse(false);
    }

    private void escalate(Instant now) {
        for (WaitingEntry entry : waiting.inOrder()) {
            if (entry.escalatedAt() != null) {
                continue;
            }
            QueueDefinition queue = queues.find(entry.queue()).orElse(null);
            if (queue == null) {
                continue;
            }
            Duration waited = queue.hours().openTimeBetween(entry.enqueuedAt(), now);
            if (waited.compareTo(queue.sla()) > 0 && waiting.escalate(entry.conversationId(),
                    properties.escalationBoost(), now)) {
                facts.slaBreached(entry.conversationId(), now);
                audit.record(Assignments.SYSTEM, "conversation.sla-breached", "conversation", entry.conversationId(),
                        Map.of("queue", queue.name(), "waitedSeconds", waited.toSeconds(), "slaSeconds",
                                queue.sla().toSeconds()));
                meters.counter("switchboard.inbox.sla.breaches", "queue", queue.name()).increment();
                log.warn("conversation {} waited {}s in queue {}, past its SLA of {}s: escalated",
                        entry.conversationId(), waited.toSeconds(), queue.name(), queue.sla().toSeconds());
                events.publishEvent(new SlaBreach(entry.conversationId(), queue.name(), waited, queue.sla(), now));
            }
        }
    }

    private void sendUnseenAgentsOffline(Instant now) {
        for (Agent agent : roster.all()) {
            Instant seen = agent.lastSeenAt() == null || agent.presenceSince().isAfter(agent.lastSeenAt())
                    ? agent.presenceSince() : agent.lastSeenAt();
            if (agent.presence() != Presence.OFFLINE && seen.plus(properties.presenceTimeout()).isBefore(now)) {
                log.info("agent {} not seen since {}: going offline", agent.username(), seen);
                handovers.setPresence(agent.username(), Presence.OFFLINE, Assignments.SYSTEM);
            }
        }
    }

    /** Slots of conversations their agent no longer owns; reservations are given a minute to be claimed. */
    private void freeStaleSlots(Instant now) {
        for (Agent agent : roster.all()) {
            for (var slot : agent.active().entrySet()) {
                boolean owned = memory.find(slot.getKey()).map(c -> Assignments.owns(c, agent.username())).orElse(false);
                if (!owned && roster.releaseSettled(agent.username(), slot.getKey(), now.minus(RESERVATION_GRACE))) {
                    log.info("freed a slot of {} for conversation {} they no longer own", agent.username(), slot.getKey());
                }
            }
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
