package io.switchboard.privacy;

import io.switchboard.system.AuditLog;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The audit events about the customer and their conversations: exported whole; on erasure their
 * details are blanked (the events stay, so the trail still shows who did what and when).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class AuditTrail implements PersonalDataHolder {

    private final AuditLog audit;

    AuditTrail(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public String kind() {
        return "audit-events";
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        archive.json("audit-events.json", Map.of(
                "customer", audit.forSubjects("customer", subject.customerIds()),
                "conversations", audit.forSubjects("conversation", subject.conversationIds())));
    }

    @Override
    public long erase(DataSubject subject) {
        return audit.redact("customer", subject.customerIds(), DataRights.ERASED)
                + audit.redact("conversation", subject.conversationIds(), DataRights.ERASED);
    }
}
