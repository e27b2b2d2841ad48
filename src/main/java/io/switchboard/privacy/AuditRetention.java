package io.switchboard.privacy;

import io.switchboard.system.AuditLog;
import java.time.Instant;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Audit events older than {@code switchboard.privacy.retention.audit-events}. */
@Component
class AuditRetention implements RetainedData {

    private final AuditLog audit;

    AuditRetention(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public String retention() {
        return "audit-events";
    }

    @Override
    public int purge(Instant cutoff, Set<String> heldCustomers, int batch) {
        return audit.purge(cutoff, heldCustomers, batch);
    }
}
