package io.switchboard.inbox;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.support.LRUCacheFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Follows every change of the conversations this member owns (each change is seen once in the
 * cluster): a waiting conversation is offered to agents, agents' slots follow who owns it, and its
 * KPI facts are brought up to date. Each step compares the new state with what is known, so a
 * repeated or lost event does no harm; a change that moves nothing (see {@link Placement}) only
 * updates the facts. Work for one conversation runs in order on one of a few threads, off
 * Hazelcast's event threads.
 */
@Component
class ConversationWatcher implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConversationWatcher.class);
    private static final int STRIPES = 2;
    private static final int REMEMBERED = 20_000;

    private final ConversationMemory memory;
    private final Assignments assignments;
    private final WaitingList waiting;
    private final ConversationFacts facts;
    private final ExecutorService[] stripes = new ExecutorService[STRIPES];
    /** The placement last handled of recently changed conversations (one conversation is always on one stripe). */
    private final Map<String, Placement> lastSeen = LRUCacheFactory.newLRUCache(REMEMBERED);
    private UUID registration;

    ConversationWatcher(ConversationMemory memory, Assignments assignments, WaitingList waiting,
                        ConversationFacts facts) {
        this.memory = memory;
        this.assignments = assignments;
        this.waiting = waiting;
        this.facts = facts;
        for (int i = 0; i < STRIPES; i++) {
            int n = i;
            stripes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "inbox-assign-" + n);
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public void afterPropertiesSet() {
        registration = memory.addChangeListener(this::changed, true);
    }

    private void changed(Conversation c) {
        stripes[Math.floorMod(c.id().hashCode(), STRIPES)].execute(() -> {
            try {
                facts.record(c);
                Placement placement = Placement.of(c);
                if (placement.equals(lastSeen.remove(c.id()))) {
                    lastSeen.put(c.id(), placement);
                    return;
                }
                if (waits(c)) {
                    assignments.queued(c.id());
                } else {
                    waiting.leave(c.id());
                }
                assignments.settle(c.id());
                lastSeen.put(c.id(), placement);
            } catch (RuntimeException e) {
                log.warn("inbox could not follow a change of conversation {}: {}", c.id(), e.toString());
            }
        });
    }

    /**
     * What offering and agents' slots depend on. A change that leaves it as it was last handled here
     * (a turn appended to a conversation still waiting, or still with its agent) needs neither: Hazelcast
     * does not tell the state before a change made by an entry processor, so the watcher remembers it.
     * A conversation it does not remember (forgotten, or new to this member) is handled in full, and
     * the sweep repairs what a lost event left behind.
     */
    private record Placement(ConversationStatus status, String assignee, String queue, String channel,
                             Set<String> skills, Instant queuedAt) {
        static Placement of(Conversation c) {
            return new Placement(c.status(), c.assignee(), c.queue(), Assignments.channelOf(c),
                    Assignments.requiredSkills(c), Assignments.queuedAt(c));
        }
    }

    private static boolean waits(Conversation c) {
        return c.status() == ConversationStatus.QUEUED && c.assignee() == null;
    }

    @Override
    public void destroy() {
        if (registration != null) {
            try {
                memory.removeChangeListener(registration);
            } catch (RuntimeException e) {
                log.debug("conversation listener already gone with the member");
            }
        }
        for (ExecutorService stripe : stripes) {
            stripe.shutdownNow();
        }
    }
}
