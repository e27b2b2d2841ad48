package io.switchboard.privacy;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes what is past its retention window, kind by kind, in batches, sparing customers under a
 * legal hold. Run by the {@code privacy-retention} route on one member of the cluster; each run logs
 * one line and counts what it removed ({@code switchboard.privacy.purged{kind}}, per kind of item). What KPIs need is
 * not touched: their fact rows hold ids, times and outcomes, no text and no address.
 */
@Component("retentionPurge")
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final List<RetainedData> kinds;
    private final PrivacyProperties properties;
    private final LegalHolds holds;
    private final MeterRegistry meters;
    private final Clock clock;

    RetentionPurge(List<RetainedData> kinds, PrivacyProperties properties, LegalHolds holds, MeterRegistry meters,
                   Clock clock) {
        this.kinds = List.copyOf(kinds);
        this.properties = properties;
        this.holds = holds;
        this.meters = meters;
        this.clock = clock;
        Set<String> known = new HashSet<>();
        this.kinds.forEach(kind -> {
            known.add(kind.retention());
            properties.window(kind.retention());
        });
        properties.retention().keySet().stream().filter(name -> !known.contains(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("switchboard.privacy.retention." + name + " names no kind of data; "
                    + "known: " + known);
        });
    }

    /** One run; returns how many items of each kind it removed (a kind whose window is forever is absent). */
    public Map<String, Integer> run() {
        long start = System.nanoTime();
        Instant now = clock.instant();
        Set<String> held = holds.heldCustomers();
        var removed = new LinkedHashMap<String, Integer>();
        boolean outOfTime = false;
        for (RetainedData kind : kinds) {
            var window = properties.window(kind.retention());
            if (window.isEmpty()) {
                continue;
            }
            Instant cutoff = now.minus(window.get());
            int total = 0;
            int last;
            do {
                last = kind.purge(cutoff, held, properties.purgeBatch());
                total += last;
                outOfTime = System.nanoTime() - start > properties.purgeBudget().toNanos();
            } while (last >= properties.purgeBatch() && !outOfTime);
            removed.merge(kind.items(), total, Integer::sum);
            meters.counter("switchboard.privacy.purged", "kind", kind.items()).increment(total);
            if (outOfTime) {
                break;
            }
        }
        log.info("retention purge: removed {} in {} ms{}", removed,
                Duration.ofNanos(System.nanoTime() - start).toMillis(), outOfTime ? "; the rest at the next run" : "");
        return removed;
    }
}
