package io.switchboard.privacy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.system.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Legal holds: a customer under one keeps all their data (an erasure is refused, retention skips
 * them) until the hold is lifted. Placing and lifting are audited with the reason.
 */
@Component
public class LegalHolds {

    static final String MAP = "privacy-legal-holds";

    private final IMap<String, Hold> holds;
    private final AuditLog audit;
    private final Clock clock;

    LegalHolds(HazelcastInstance hazelcast, AuditLog audit, Clock clock) {
        this.holds = hazelcast.getMap(MAP);
        this.audit = audit;
        this.clock = clock;
    }

    /** Why, by whom and since when a customer's data is held. */
    public record Hold(String reason, String placedBy, Instant placedAt) {
        public Hold {
            Objects.requireNonNull(placedBy, "placedBy");
            Objects.requireNonNull(placedAt, "placedAt");
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a legal hold needs a reason");
            }
        }
    }

    /** Holds every profile of the subject (so a purge that meets any of them spares it). */
    public Hold place(DataSubject subject, String reason, String actor) {
        var hold = new Hold(reason.strip(), actor, clock.instant());
        subject.customerIds().forEach(id -> holds.set(id, hold));
        audit.record(actor, "privacy.legal-hold", "customer", subject.customerId(), Map.of("reason", hold.reason()));
        return hold;
    }

    /** Lifts the hold from every profile of the subject; false when there was none. */
    public boolean lift(DataSubject subject, String actor) {
        boolean lifted = false;
        for (String id : subject.customerIds()) {
            lifted |= holds.remove(id) != null;
        }
        if (lifted) {
            audit.record(actor, "privacy.legal-hold-lifted", "customer", subject.customerId(), Map.of());
        }
        return lifted;
    }

    /** Every customer under a hold now. */
    public Set<String> heldCustomers() {
        return Set.copyOf(holds.keySet());
    }

    /** The hold on any of these profiles of one person. */
    public Optional<Hold> onAny(Collection<String> customerIds) {
        return customerIds.stream().map(holds::get).filter(Objects::nonNull).findFirst();
    }
}
