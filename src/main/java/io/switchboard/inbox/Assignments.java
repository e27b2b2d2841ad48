package io.switchboard.inbox;

import io.switchboard.envelope.Direction;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.CustomerTexts;
import io.switchboard.conversation.Decision;
import io.switchboard.conversation.Turn;
import io.switchboard.delivery.NoReachableChannelException;
import io.switchboard.delivery.OutboundDispatcher;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Who gets which conversation. A waiting conversation goes to a capable available agent (skills,
 * room on its channel; the customer's last agent first, else longest idle or least loaded); an
 * agent with room takes the highest-priority, longest-waiting conversation of their queues.
 *
 * <p>Safe across instances in two steps: a slot is reserved on the agent (entry processor on the
 * agent's key: never past capacity), then the conversation is claimed (entry processor on its key:
 * only while queued and unowned, so never two agents); a failed claim gives the slot back.
 */
@Service
class Assignments {

    static final String SYSTEM = "switchboard";
    private static final Logger log = LoggerFactory.getLogger(Assignments.class);

    private final ConversationMemory memory;
    private final QueueDirectory queues;
    private final AgentRoster roster;
    private final WaitingList waiting;
    private final ConversationFacts facts;
    private final OutboundDispatcher outbound;
    private final InboxProperties properties;
    private final CustomerTexts texts;
    private final Clock clock;

    Assignments(ConversationMemory memory, QueueDirectory queues, AgentRoster roster, WaitingList waiting,
                ConversationFacts facts, OutboundDispatcher outbound, InboxProperties properties, CustomerTexts texts,
                Clock clock) {
        this.texts = texts;
        this.memory = memory;
        this.queues = queues;
        this.roster = roster;
        this.waiting = waiting;
        this.facts = facts;
        this.outbound = outbound;
        this.properties = properties;
        this.clock = clock;
    }

    /** The conversation was queued: it waits (in the default queue if its own is unknown) and is offered now. */
    void queued(String conversationId) {
        Conversation c = memory.find(conversationId).orElse(null);
        if (c == null || c.status() != ConversationStatus.QUEUED || c.assignee() != null) {
            return;
        }
        Instant now = clock.instant();
        Optional<QueueDefinition> known = queues.find(c.queue());
        if (known.isEmpty()) {
            QueueDefinition fallback = queues.resolve(c.queue());
            memory.queue(conversationId, fallback.name(), new Decision(now, "human-queue", fallback.name(),
                    "queue '" + c.queue() + "' is not defined: the default queue takes the conversation",
                    Map.of("rule", "unknown-queue", "requested", String.valueOf(c.queue()))));
            return;
        }
        QueueDefinition queue = known.get();
        WaitingEntry entry = waiting.enter(new WaitingEntry(conversationId, queue.name(), channelOf(c), c.customerId(),
                queuedAt(c), queue.priority(), requiredSkills(c), null, null));
        if (!queue.hours().isOpen(now)) {
            tellClosed(conversationId, c.language(), queue, now);
            return;
        }
        offer(entry, queue);
    }

    /** Gives the waiting conversation to the best agent who can take it now; false when nobody can. */
    boolean offer(WaitingEntry entry, QueueDefinition queue) {
        Instant now = clock.instant();
        List<Agent> candidates = new ArrayList<>(roster.all().stream()
                .filter(a -> a.presence() == Presence.AVAILABLE && a.serves(queue, entry.requiredSkills())
                        && a.hasRoomFor(entry.channel()))
                .sorted(order(queue.strategy())).toList());
        if (candidates.isEmpty()) {
            return false;
        }
        facts.lastAgentOf(entry.customerId(), now.minus(properties.stickyWindow())).ifPresent(sticky ->
                candidates.stream().filter(a -> a.username().equals(sticky)).findFirst().ifPresent(a -> {
                    candidates.remove(a);
                    candidates.add(0, a);
                }));
        for (Agent agent : candidates) {
            if (roster.reserve(agent.username(), entry.conversationId(), entry.channel(), false).isEmpty()) {
                continue;
            }
            return claim(entry, agent.username());
        }
        return false;
    }

    /** An agent with room takes waiting conversations of their queues, best first, until full. */
    void offer(String username) {
        roster.find(username).ifPresent(agent -> offer(agent, waiting.inOrder(agent.queues())));
    }

    /** As {@link #offer(String)}, from a list of waiting conversations already read (in order). */
    void offer(Agent available, List<WaitingEntry> entries) {
        Agent agent = available;
        String username = agent.username();
        Instant now = clock.instant();
        Map<String, QueueDefinition> byName = queues.all().stream()
                .collect(Collectors.toMap(QueueDefinition::name, q -> q));
        for (WaitingEntry entry : entries) {
            if (agent.presence() != Presence.AVAILABLE) {
                return;
            }
            QueueDefinition queue = byName.get(entry.queue());
            if (queue == null || !queue.hours().isOpen(now) || !agent.serves(queue, entry.requiredSkills())
                    || !agent.hasRoomFor(entry.channel())) {
                continue;
            }
            Optional<Agent> reserved = roster.reserve(username, entry.conversationId(), entry.channel(), false);
            if (reserved.isEmpty()) {
                agent = roster.find(username).orElseThrow();
                continue;
            }
            agent = claim(entry, username) ? reserved.get() : reserved.get().without(entry.conversationId());
        }
    }

    private boolean claim(WaitingEntry entry, String username) {
        if (memory.claim(entry.conversationId(), username, SYSTEM).isPresent()) {
            waiting.leave(entry.conversationId());
            confirm(username, entry.conversationId());
            log.info("conversation {} assigned to {} from queue {}", entry.conversationId(), username, entry.queue());
            return true;
        }
        roster.release(username, entry.conversationId());
        Conversation now = memory.find(entry.conversationId()).orElse(null);
        if (now == null || now.status() != ConversationStatus.QUEUED || now.assignee() != null) {
            waiting.leave(entry.conversationId());
        }
        return false;
    }

    /** The claim made the reservation real; if the conversation moved on meanwhile, the slot goes too. */
    void confirm(String username, String conversationId) {
        roster.confirm(username, conversationId);
        boolean owns = memory.find(conversationId).map(c -> owns(c, username)).orElse(false);
        if (!owns && roster.release(username, conversationId)) {
            offer(username);
        }
    }

    /**
     * Brings agents' slots in line with who owns the conversation now: a confirmed slot of anyone
     * else is freed (they get more work), and an owner without a slot (they answered it) gets one.
     * Slots are read before the conversation: a slot confirmed by then belongs to a claim that
     * already happened, so the conversation read after it shows that claim.
     */
    void settle(String conversationId) {
        List<Agent> holders = roster.all().stream().filter(a -> a.holds(conversationId)).toList();
        Conversation c = memory.find(conversationId).orElse(null);
        if (c == null) {
            return;
        }
        boolean ownerHolds = false;
        for (Agent agent : holders) {
            if (owns(c, agent.username())) {
                ownerHolds = true;
            } else if (agent.active().get(conversationId).confirmed()
                    && roster.releaseSettled(agent.username(), conversationId, Instant.MIN)) {
                offer(agent.username());
            }
        }
        if (!ownerHolds && c.assignee() != null && c.status() != ConversationStatus.RESOLVED) {
            roster.hold(c.assignee(), conversationId, channelOf(c));
        }
    }

    static boolean owns(Conversation c, String username) {
        return username.equals(c.assignee()) && c.status() != ConversationStatus.RESOLVED;
    }

    private void tellClosed(String conversationId, String language, QueueDefinition queue, Instant now) {
        String opens = queue.hours().nextOpening(now).map(at -> DateTimeFormatter
                .ofPattern("EEEE d MMMM, HH:mm", CustomerTexts.locale(language)).withZone(queue.hours().zone()).format(at)
                + " (" + queue.hours().zone().getId() + ")")
                .orElse(texts.say(CustomerTexts.Text.NEXT_OPENING, language, "our next opening"));
        if (!waiting.markNoticed(conversationId, now)) {
            return;
        }
        try {
            outbound.systemMessage(conversationId, texts.say(CustomerTexts.Text.CLOSED_NOTICE, language,
                            properties.closedNotice()).replace("{opens}", opens), null,
                    Map.of("kind", "closed-notice"));
            log.info("conversation {} waits in closed queue {}: the customer was told it opens {}", conversationId,
                    queue.name(), opens);
        } catch (NoReachableChannelException e) {
            log.info("conversation {} waits in closed queue {}: no channel reaches the customer for the notice",
                    conversationId, queue.name());
        }
    }

    private static Comparator<Agent> order(QueueDefinition.AssignmentStrategy strategy) {
        Comparator<Agent> idle = Comparator.comparing(Agent::idleSince).thenComparing(Agent::username);
        return strategy == QueueDefinition.AssignmentStrategy.LEAST_LOADED
                ? Comparator.<Agent>comparingInt(a -> a.active().size()).thenComparing(idle) : idle;
    }

    /** The channel the customer last wrote on: where the conversation is happening now. */
    static String channelOf(Conversation c) {
        List<Turn> turns = c.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (t.direction() == Direction.INBOUND && t.visible() && t.channel() != null) {
                return t.channel();
            }
        }
        return c.channels().isEmpty() ? "unknown" : c.channels().get(c.channels().size() - 1);
    }

    /** When the conversation was sent to the queue it is in: the decision that sent it there. */
    static Instant queuedAt(Conversation c) {
        for (int i = c.decisions().size() - 1; i >= 0; i--) {
            var d = c.decisions().get(i);
            if (c.queue() != null && c.queue().equals(d.queue())) {
                return d.at();
            }
        }
        return c.updatedAt();
    }

    /** Skills routing asked for: decision detail {@code skills} (comma-separated) and {@code language}. */
    static Set<String> requiredSkills(Conversation c) {
        var skills = new HashSet<String>();
        c.lastDecision().ifPresent(d -> {
            String listed = d.detail().get("skills");
            if (listed != null) {
                Arrays.stream(listed.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(skills::add);
            }
            String language = d.detail().get("language");
            if (language != null && !language.isBlank()) {
                skills.add("language:" + language.strip().toLowerCase(Locale.ROOT));
            }
        });
        return skills;
    }
}
