package io.switchboard.inbox;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.routing.IntentAutonomy;
import io.switchboard.system.AccessChanges;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.LRUCacheFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates for the inbox page over server-sent events. Every instance hears every change in
 * the cluster and tells the pages connected to it what their user may see: conversations of their
 * queues and their own, agents' presence and load, SLA alerts and intents the audits took from the AI
 * ({@code ai-alert}) for supervisors. Events carry ids and
 * states, never message text; the page fetches what it shows. A live connection keeps its agent present.
 */
@Component
class LiveUpdates implements InitializingBean, DisposableBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    private static final long TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(30);
    private static final long HEARTBEAT_SECONDS = 20;
    private static final int PLACEMENTS = 50_000;

    private final ConversationMemory memory;
    private final AgentRoster roster;
    private final QueueDirectory queues;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(daemon("inbox-live"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("inbox-heartbeat"));
    /** Where this instance last saw each conversation (used on the sender thread only). */
    private final Map<String, Placement> lastSeen = LRUCacheFactory.newLRUCache(PLACEMENTS);
    private UUID conversationRegistration;
    private UUID agentRegistration;

    LiveUpdates(ConversationMemory memory, AgentRoster roster, QueueDirectory queues) {
        this.memory = memory;
        this.roster = roster;
        this.queues = queues;
    }

    private record Subscriber(String username, boolean supervisor, SseEmitter emitter) {
    }

    private record Placement(String queue, String assignee) {
    }

    /** What changed in a conversation: enough for a page to know it must refresh. */
    record ConversationEvent(String id, ConversationStatus status, String queue, String assignee, Instant updatedAt,
                             long lastSeq) {
    }

    record AgentEvent(String username, Presence presence, int load, Map<String, Integer> capacity) {
    }

    record AlertEvent(String kind, String conversationId, String queue, long waitedSeconds, long slaSeconds, Instant at) {
    }

    /** An intent that no longer answers by itself, why, and the evidence's figures. */
    record AiAlertEvent(String kind, String intent, String autonomy, String reason, Map<String, String> evidence,
                        Instant at) {
    }

    @Override
    public void afterPropertiesSet() {
        conversationRegistration = memory.addChangeListener(c -> sender.execute(() -> conversationChanged(c)), false);
        agentRegistration = roster.addListener(agent -> sender.execute(() -> agentChanged(agent)));
        heartbeat.scheduleWithFixedDelay(() -> sender.execute(this::beat), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
    }

    SseEmitter subscribe(InboxAccess.Viewer viewer) {
        var emitter = new SseEmitter(TIMEOUT_MILLIS);
        var subscriber = new Subscriber(viewer.username(), viewer.supervisor(), emitter);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
        send(subscriber, "hello", Map.of("username", viewer.username()));
        return emitter;
    }

    /** A user disabled, deleted or changed on any instance: their streams here end (the page then signs in again). */
    @EventListener
    void accessChanged(AccessChanges.AccessChanged changed) {
        sender.execute(() -> subscribers.stream().filter(s -> s.username().equals(changed.username())).forEach(s -> {
            subscribers.remove(s);
            s.emitter().complete();
            log.info("live updates of {} ended: their access changed", s.username());
        }));
    }

    @EventListener
    void slaBreached(SlaBreach breach) {
        var alert = new AlertEvent("sla-breached", breach.conversationId(), breach.queue(), breach.waited().toSeconds(),
                breach.sla().toSeconds(), breach.at());
        sender.execute(() -> subscribers.stream().filter(Subscriber::supervisor).forEach(s -> send(s, "alert", alert)));
    }

    @EventListener
    void autonomyDemoted(IntentAutonomy.Demoted demoted) {
        var alert = new AiAlertEvent("ai-autonomy-demoted", demoted.intent(), demoted.change().autonomy().wireName(),
                demoted.change().reason(), demoted.change().evidence(), demoted.change().since());
        sender.execute(() -> subscribers.stream().filter(Subscriber::supervisor).forEach(s -> send(s, "ai-alert", alert)));
    }

    /** Tells those who may see the conversation now, or saw it where it was before (so it leaves their list). */
    private void conversationChanged(Conversation c) {
        Placement now = new Placement(c.queue(), c.assignee());
        Placement before = lastSeen.put(c.id(), now);
        var event = new ConversationEvent(c.id(), c.status(), c.queue(), c.assignee(), c.updatedAt(), c.nextSeq() - 1);
        for (Subscriber s : subscribers) {
            if (s.supervisor() || sees(s, now) || (before != null && sees(s, before))) {
                send(s, "conversation", event);
            }
        }
    }

    /** As {@link InboxAccess.Viewer#sees}: their queues (no queue counts as the default one) and their own. */
    private boolean sees(Subscriber s, Placement p) {
        if (s.username().equals(p.assignee())) {
            return true;
        }
        String queue = p.queue() != null ? p.queue() : queues.defaultQueue();
        return roster.find(s.username()).map(a -> a.queues().contains(queue)).orElse(false);
    }

    private void agentChanged(Agent agent) {
        var event = new AgentEvent(agent.username(), agent.presence(), agent.active().size(), agent.capacity());
        for (Subscriber s : subscribers) {
            if (s.supervisor() || s.username().equals(agent.username())) {
                send(s, "agent", event);
            }
        }
    }

    private void beat() {
        for (Subscriber s : subscribers) {
            try {
                s.emitter().send(SseEmitter.event().comment("keep-alive"));
                roster.seen(s.username());
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(s);
            }
        }
    }

    private void send(Subscriber s, String name, Object data) {
        try {
            s.emitter().send(SseEmitter.event().name(name).data(data));
        } catch (IOException | IllegalStateException e) {
            log.debug("live update connection of {} is gone", s.username());
            subscribers.remove(s);
        }
    }

    private volatile boolean running = true;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream when shutdown begins, before the web server's graceful shutdown (which
     * would otherwise wait its whole timeout for these never-ending requests); pages reconnect to
     * another instance.
     */
    @Override
    public void stop() {
        running = false;
        subscribers.forEach(s -> s.emitter().complete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        sender.shutdownNow();
        subscribers.forEach(s -> s.emitter().complete());
        try {
            memory.removeChangeListener(conversationRegistration);
            roster.removeListener(agentRegistration);
        } catch (RuntimeException e) {
            log.debug("live update listeners already gone with the member");
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
