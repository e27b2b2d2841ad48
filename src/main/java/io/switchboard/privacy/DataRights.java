package io.switchboard.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.system.AuditLog;
import io.switchboard.system.EmbeddedDatabaseCompaction;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * A customer's export and erasure across every {@link PersonalDataHolder}: the subject is widened by
 * each holder in turn (profiles, then conversations, then what hangs off them), then each writes or
 * erases its part. An erasure is refused under a legal hold; it leaves one audit event that names
 * the customer by id only, with the reason and what was removed, and on the embedded database it
 * compacts the file so the deleted rows leave the disk.
 */
@Service
public class DataRights {

    /** The audit action of an erasure; its event is the one about the customer an erasure keeps. */
    static final String ERASED = "privacy.erased";
    /** What the export's own document is called and which layout it follows. */
    static final String MANIFEST = "export.json";
    static final int LAYOUT = 1;
    private static final Logger log = LoggerFactory.getLogger(DataRights.class);

    private final List<PersonalDataHolder> holders;
    private final LegalHolds holds;
    private final AuditLog audit;
    private final EmbeddedDatabaseCompaction compaction;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;

    DataRights(List<PersonalDataHolder> holders, LegalHolds holds, AuditLog audit,
               EmbeddedDatabaseCompaction compaction, ObjectMapper json, MeterRegistry meters, Clock clock) {
        this.holders = List.copyOf(holders);
        this.holds = holds;
        this.audit = audit;
        this.compaction = compaction;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    /** Who the customer is across every holder; a customer nobody knows is refused by the first. */
    public DataSubject subject(String customerId) {
        DataSubject subject = DataSubject.asked(customerId);
        for (PersonalDataHolder holder : holders) {
            subject = holder.widen(subject);
        }
        return subject;
    }

    /** Writes everything held about the customer to {@code out} as a zip; audited before the first byte. */
    public void export(DataSubject subject, String actor, OutputStream out) {
        Instant at = clock.instant();
        audit.record(actor, "privacy.exported", "customer", subject.customerId(),
                Map.of("profiles", subject.customerIds().size(), "conversations", subject.conversationIds().size()));
        try (var archive = new SubjectArchive(out, json)) {
            var manifest = new LinkedHashMap<String, Object>();
            manifest.put("layout", LAYOUT);
            manifest.put("customerId", subject.customerId());
            manifest.put("exportedAt", at);
            manifest.put("profiles", subject.customerIds());
            manifest.put("addresses", subject.addresses());
            manifest.put("conversations", subject.conversationIds());
            holds.onAny(subject.customerIds()).ifPresent(hold -> manifest.put("legalHold", hold));
            archive.json(MANIFEST, manifest);
            for (PersonalDataHolder holder : holders) {
                holder.export(subject, archive);
            }
        }
        meters.counter("switchboard.privacy.exports").increment();
        log.info("customer {} exported ({} profiles, {} conversations)", subject.customerId(),
                subject.customerIds().size(), subject.conversationIds().size());
    }

    /** What an erasure removed, per kind of data, and whether the database file was rewritten. */
    public record Erasure(String customerId, Instant at, int profiles, Map<String, Long> removed,
                          EmbeddedDatabaseCompaction.Outcome compaction) {
    }

    /**
     * Erases the customer's personal data everywhere it is kept. Refused with
     * {@link ErasureRefusedException} while a legal hold is on any of their profiles. When a holder
     * fails, the others still erase their part, the customer's profiles stay (through them the rest
     * is found again) and {@link ErasureIncompleteException} says which failed; asking again finishes it.
     */
    public Erasure erase(String customerId, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an erasure needs a reason");
        }
        DataSubject subject = subject(customerId);
        holds.onAny(subject.customerIds()).ifPresent(hold -> {
            throw new ErasureRefusedException("customer " + subject.customerId() + " is under a legal hold since "
                    + hold.placedAt() + ": " + hold.reason());
        });
        var removed = new LinkedHashMap<String, Long>();
        var failed = new LinkedHashMap<String, String>();
        // the first holder (the profiles) is how the rest is found: it goes last, and only when all the rest went
        List<PersonalDataHolder> lastFoundFirst = new ArrayList<>(holders.subList(1, holders.size()));
        Collections.reverse(lastFoundFirst);
        for (PersonalDataHolder holder : lastFoundFirst) {
            try {
                removed.merge(holder.kind(), holder.erase(subject), Long::sum);
            } catch (RuntimeException e) {
                log.warn("erasing customer {}: {} failed: {}", subject.customerId(), holder.kind(), e.toString());
                failed.put(holder.kind(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            audit.record(actor, "privacy.erasure-incomplete", "customer", subject.customerId(),
                    Map.of("reason", reason.strip(), "removed", removed, "failed", failed.keySet()));
            meters.counter("switchboard.privacy.erasures.incomplete").increment();
            throw new ErasureIncompleteException(subject.customerId(), failed);
        }
        removed.put(holders.get(0).kind(), holders.get(0).erase(subject));
        // a message that arrived meanwhile joined the profiles before they went: gone the same way now (later
        // messages find no profile and start a new customer)
        DataSubject late = DataSubject.asked(subject.customerId()).withCustomers(subject.customerIds())
                .withAddresses(subject.addresses());
        for (PersonalDataHolder holder : holders.subList(1, holders.size())) {
            late = holder.widen(late);
        }
        if (!late.conversationIds().isEmpty()) {
            for (PersonalDataHolder holder : lastFoundFirst) {
                removed.merge(holder.kind(), holder.erase(late), Long::sum);
            }
        }
        var outcome = compaction.compact();
        var erasure = new Erasure(subject.customerId(), clock.instant(), subject.customerIds().size(),
                Map.copyOf(removed), outcome);
        var detail = new LinkedHashMap<String, Object>();
        detail.put("reason", reason.strip());
        detail.put("profiles", subject.customerIds());
        detail.put("removed", removed);
        detail.put("compaction", outcome.name().toLowerCase(Locale.ROOT));
        audit.record(actor, ERASED, "customer", subject.customerId(), detail);
        meters.counter("switchboard.privacy.erasures").increment();
        log.info("customer {} erased ({} profiles): {}; database file {}", subject.customerId(),
                subject.customerIds().size(), removed, outcome.name().toLowerCase(Locale.ROOT));
        return erasure;
    }
}
