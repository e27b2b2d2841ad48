package io.switchboard.inbox;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Follows every change of the conversations this member owns (each change is seen once in the
 * cluster): a waiting conversation is offered to agents, agents' slots follow who owns it, and its
 * KPI facts are brought up to date. Each step compares the new state with what is known, so a
 * repeated or lost event does no harm. Work for one conversation runs in order on one of a few
 * threads, off Hazelcast's event threads.
 */
@Component
class ConversationWatcher implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConversationWatcher.class);
    private static final int STRIPES = 2;

    private final ConversationMemory memory;
    private final Assignments assignments;
    private final WaitingList waiting;
    private final ConversationFacts facts;
    private final ExecutorService[] stripes = new ExecutorService[STRIPES];
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
                if (waits(c)) {
                    assignments.queued(c.id());
                } else {
                    waiting.leave(c.id());
                }
                assignments.settle(c.id());
            } catch (RuntimeException e) {
                log.warn("inbox could not follow a change of conversation {}: {}", c.id(), e.toString());
            }
        });
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
