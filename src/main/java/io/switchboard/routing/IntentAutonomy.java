package io.switchboard.routing;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.routing.RoutingProperties.Autonomy;
import io.switchboard.system.AuditLog;
import io.switchboard.system.MapMirror;
import io.switchboard.system.StableShare;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * How far the AI may act on an intent for one customer, now. The configured autonomy
 * ({@code switchboard.routing.intents.<name>.autonomy}) may be replaced by a change: an intent
 * demoted on bad audit evidence, or set by a supervisor; a change holds until a supervisor lifts it,
 * and is kept, with who made it, why and the evidence, in the database every member shares (map
 * {@code autonomy-changes}), audited. An intent that is {@code auto} answers by itself for the share
 * of customers its {@code rollout} names, chosen stably by customer id (the same customer always
 * lands on the same side, and widening the rollout keeps those already in it); for the rest the
 * AI's answer waits as a draft. A demotion is heard on every member, as a {@link Demoted} event there
 * (the inbox alerts the supervisors connected to it).
 */
@Component
public class IntentAutonomy {

    static final String MAP = "autonomy-changes";
    static final String OVERSIGHT = "ai-oversight";
    private static final Logger log = LoggerFactory.getLogger(IntentAutonomy.class);

    /**
     * A change of an intent's autonomy.
     *
     * @param autonomy what it is now
     * @param by       who changed it ({@code ai-oversight} for a demotion on evidence)
     * @param reason   why, in words a supervisor understands
     * @param evidence the figures behind it (audited accuracy, its interval, the sample)
     */
    public record Change(Autonomy autonomy, Instant since, String by, String reason, Map<String, String> evidence) {
        public Change {
            Objects.requireNonNull(autonomy, "autonomy");
            evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        }
    }

    /** An intent dropped from {@code auto} to {@code draft} on audit evidence, published on every member. */
    public record Demoted(String intent, Change change) {
    }

    /**
     * An intent's autonomy as configured and as it holds now.
     *
     * @param rollout percent of customers an {@code auto} intent answers by itself
     * @param change  the change in force, if any
     */
    public record State(String intent, Autonomy configured, double rollout, Change change) {

        /** What holds now, before the rollout splits customers. */
        public Autonomy current() {
            return change != null ? change.autonomy() : configured;
        }
    }

    private final IMap<String, Change> changes;
    /** Read on every routed message: this member's copy ({@link MapMirror}). */
    private final MapMirror<Change> known;
    private final RoutingProperties properties;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;

    IntentAutonomy(HazelcastInstance hazelcast, RoutingProperties properties, AuditLog audit, MeterRegistry meters,
                   ApplicationEventPublisher events, Clock clock) {
        this.changes = hazelcast.getMap(MAP);
        this.known = MapMirror.of(changes);
        changes.addEntryListener(new Demotions(events), true);
        this.properties = properties;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
    }

    /** How far the AI may act on {@code intent} for this customer now. */
    public Autonomy of(String intent, String customerId) {
        RoutingProperties.Intent settings = properties.intents().get(intent);
        if (settings == null) {
            return Autonomy.OFF;
        }
        Change change = known.get(intent).orElse(null);
        Autonomy current = change != null ? change.autonomy() : settings.autonomy();
        if (current == Autonomy.AUTO && !inRollout(intent, customerId, settings.rollout())) {
            return Autonomy.DRAFT;
        }
        return current;
    }

    /** Whether the customer is among the {@code percent} of customers an intent in {@code auto} answers. */
    static boolean inRollout(String intent, String customerId, double percent) {
        return customerId != null ? StableShare.picks(intent + "\n" + customerId, percent / 100) : percent >= 100;
    }

    /** Every configured intent, with its autonomy now. */
    public List<State> states() {
        return properties.intents().keySet().stream().sorted().map(intent -> state(intent).orElseThrow()).toList();
    }

    public Optional<State> state(String intent) {
        RoutingProperties.Intent settings = properties.intents().get(intent);
        return settings == null ? Optional.empty() : Optional.of(new State(intent, settings.autonomy(),
                settings.rollout(), known.get(intent).orElse(null)));
    }

    /**
     * An intent that answers by itself drops to {@code draft} at once, on the evidence given; false when
     * it did not answer by itself (nothing to demote).
     */
    public boolean demote(String intent, String reason, Map<String, String> evidence) {
        State state = state(intent).orElseThrow(() -> new IllegalArgumentException("no intent " + intent));
        if (state.current() != Autonomy.AUTO) {
            return false;
        }
        Change change = new Change(Autonomy.DRAFT, clock.instant(), OVERSIGHT, reason, evidence);
        boolean first = state.change() == null ? changes.putIfAbsent(intent, change) == null
                : changes.replace(intent, state.change(), change);
        if (!first) {
            return false; // changed meanwhile (another member demoted it first)
        }
        known.put(intent, change); // at once here; the event tells the other members
        var detail = new LinkedHashMap<String, Object>(evidence);
        detail.put("from", Autonomy.AUTO.wireName());
        detail.put("to", Autonomy.DRAFT.wireName());
        audit.record("ai-oversight", "ai.autonomy-demoted", "intent", intent, detail);
        meters.counter("switchboard.ai.autonomy.demoted", "intent", intent).increment();
        log.warn("intent {} dropped from auto to draft: {} {}", intent, reason, evidence);
        return true;
    }

    /** A supervisor sets an intent's autonomy, for a reason; audited. */
    public State set(String intent, Autonomy autonomy, String by, String reason) {
        State state = state(intent).orElseThrow(() -> new IllegalArgumentException("no intent " + intent));
        Change change = new Change(autonomy, clock.instant(), by, reason, Map.of());
        changes.set(intent, change);
        known.put(intent, change);
        audit.record(by, "ai.autonomy-set", "intent", intent, Map.of("from", state.current().wireName(),
                "to", autonomy.wireName(), "reason", reason));
        log.info("intent {} set from {} to {} by {}", intent, state.current().wireName(), autonomy.wireName(), by);
        return state(intent).orElseThrow();
    }

    /** A supervisor lifts the change: the configured autonomy holds again; audited. */
    public State lift(String intent, String by, String reason) {
        State state = state(intent).orElseThrow(() -> new IllegalArgumentException("no intent " + intent));
        if (state.change() != null) {
            changes.delete(intent);
            known.remove(intent);
            audit.record(by, "ai.autonomy-restored", "intent", intent, Map.of("from", state.current().wireName(),
                    "to", state.configured().wireName(), "reason", reason));
        }
        return state(intent).orElseThrow();
    }

    /** Tells this member of each demotion made on any member (a change to draft by the oversight). */
    private record Demotions(ApplicationEventPublisher events) implements EntryAddedListener<String, Change>,
            EntryUpdatedListener<String, Change> {

        @Override
        public void entryAdded(EntryEvent<String, Change> event) {
            heard(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, Change> event) {
            heard(event);
        }

        private void heard(EntryEvent<String, Change> event) {
            Change change = event.getValue();
            if (change != null && change.autonomy() == Autonomy.DRAFT && OVERSIGHT.equals(change.by())) {
                events.publishEvent(new Demoted(event.getKey(), change));
            }
        }
    }
}
