package io.switchboard.inbox;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.routing.QueueCatalog;
import io.switchboard.system.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The human queues, shared by the cluster: defined in configuration ({@code switchboard.inbox.queues},
 * keyed by name) and changed at runtime by an admin. Routing picks a queue by name; a name nobody
 * defined falls back to the default queue, with a warning.
 */
@Service
public class QueueDirectory implements QueueCatalog {

    static final String QUEUES = "inbox-queues";
    private static final int MAX_COUNTED = 500;
    private static final Logger log = LoggerFactory.getLogger(QueueDirectory.class);

    private final IMap<String, QueueDefinition> queues;
    private final ConversationListing listing;
    private final InboxProperties properties;
    private final AuditLog audit;

    QueueDirectory(HazelcastInstance hazelcast, ConversationListing listing, InboxProperties properties, AuditLog audit) {
        this.queues = hazelcast.getMap(QUEUES);
        this.listing = listing;
        this.properties = properties;
        this.audit = audit;
        applyConfiguration();
    }

    /** Configured queues replace earlier configured versions; queues an admin changed stay as they are. */
    private void applyConfiguration() {
        properties.queues().forEach((name, settings) -> {
            QueueDefinition configured = settings.toDefinition(name);
            QueueDefinition existing = queues.putIfAbsent(name, configured);
            if (existing != null && "configuration".equals(existing.source()) && !existing.equals(configured)) {
                queues.set(name, configured);
            }
        });
        queues.putIfAbsent(defaultQueue(), new QueueDefinition(defaultQueue(), null, 0, null, null,
                Duration.ofMinutes(15), null, "configuration"));
    }

    public String defaultQueue() {
        return properties.defaultQueue();
    }

    public Optional<QueueDefinition> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(queues.get(name));
    }

    public QueueDefinition require(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException("no queue " + name));
    }

    public List<QueueDefinition> all() {
        return queues.values().stream().sorted(Comparator.comparing(QueueDefinition::priority).reversed()
                .thenComparing(QueueDefinition::name)).toList();
    }

    /** The queue a conversation sent to {@code name} waits in: the default queue when nobody defined that name. */
    public QueueDefinition resolve(String name) {
        return find(name).orElseGet(() -> {
            log.warn("queue '{}' is not defined (switchboard.inbox.queues): using the default queue '{}'", name,
                    defaultQueue());
            return find(defaultQueue()).orElseThrow();
        });
    }

    @Override
    public boolean exists(String name) {
        return find(name).isPresent();
    }

    @Override
    public Set<String> skills(String name) {
        return Set.copyOf(resolve(name).skills());
    }

    @Override
    public Optional<String> withSkill(String skill) {
        return all().stream().filter(q -> q.skills().contains(skill)).map(QueueDefinition::name).findFirst();
    }

    /** Conversations queued there now, as the database has them (counted up to 500). */
    @Override
    public int waiting(String name) {
        return listing.list(new ConversationListing.Scope(Set.of(ConversationStatus.QUEUED), List.of(name), null, false),
                MAX_COUNTED, 0).size();
    }

    /** True while the queue is staffed; an unknown queue is treated as the default one. */
    @Override
    public boolean isOpen(String name, Instant at) {
        return resolve(name).hours().isOpen(at);
    }

    /** When a person will next answer in the queue ({@code at} itself while it is open). */
    public Optional<Instant> nextOpening(String name, Instant at) {
        return resolve(name).hours().nextOpening(at);
    }

    /** An admin's new or changed queue; kept over configuration from now on. */
    public QueueDefinition put(QueueDefinition queue, String actor) {
        QueueDefinition stored = new QueueDefinition(queue.name(), queue.displayName(), queue.priority(), queue.skills(),
                queue.hours(), queue.sla(), queue.strategy(), "admin");
        QueueDefinition before = queues.put(stored.name(), stored);
        audit.record(actor, before == null ? "queue.created" : "queue.changed", "queue", stored.name(), Map.of(
                "priority", stored.priority(), "sla", stored.sla().toString(), "skills", String.join(",", stored.skills()),
                "zone", stored.hours().zone().getId(), "strategy", stored.strategy().name()));
        return stored;
    }

    public void delete(String name, String actor) {
        if (defaultQueue().equals(name)) {
            throw new IllegalStateException("the default queue cannot be deleted");
        }
        if (queues.remove(name) == null) {
            throw new NoSuchElementException("no queue " + name);
        }
        audit.record(actor, "queue.deleted", "queue", name, Map.of());
    }
}
