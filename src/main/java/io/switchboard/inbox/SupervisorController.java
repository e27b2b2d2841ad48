package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.system.AuditLog;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What supervisors watch: queues and agents now, KPIs over a window, and the audit log. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "supervisor")
@Validated
@PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
class SupervisorController {

    private final QueueDirectory queues;
    private final WaitingList waiting;
    private final AgentRoster roster;
    private final KpiReport kpis;
    private final AuditLog audit;
    private final InboxProperties properties;
    private final Clock clock;

    SupervisorController(QueueDirectory queues, WaitingList waiting, AgentRoster roster, KpiReport kpis, AuditLog audit,
                         InboxProperties properties, Clock clock) {
        this.queues = queues;
        this.waiting = waiting;
        this.roster = roster;
        this.kpis = kpis;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A queue now: waiting conversations, the longest wait (business time), how many are at risk of
     * or past their SLA, and who can serve it.
     */
    record QueueStatus(String name, String displayName, boolean open, Instant nextOpening, int waiting,
                       long longestWaitSeconds, int atRisk, int breached, long slaSeconds, int agentsAvailable,
                       int agents) {
    }

    record Overview(Instant at, List<QueueStatus> queues, List<AgentController.AgentView> agents) {
    }

    @GetMapping("/overview")
    @Operation(summary = "Queue sizes, waiting times, SLA state; agents' presence and loads (supervisors)")
    Overview overview() {
        Instant now = clock.instant();
        List<Agent> agents = roster.all();
        var result = new ArrayList<QueueStatus>();
        for (QueueDefinition q : queues.all()) {
            List<WaitingEntry> entries = waiting.inOrder(Set.of(q.name()));
            long longest = 0;
            int atRisk = 0;
            int breached = 0;
            for (WaitingEntry e : entries) {
                Duration waited = q.hours().openTimeBetween(e.enqueuedAt(), now);
                longest = Math.max(longest, waited.toSeconds());
                if (e.escalatedAt() != null || waited.compareTo(q.sla()) > 0) {
                    breached++;
                } else if (waited.toMillis() >= q.sla().toMillis() * properties.slaWarning()) {
                    atRisk++;
                }
            }
            List<Agent> members = agents.stream().filter(a -> a.queues().contains(q.name())).toList();
            result.add(new QueueStatus(q.name(), q.displayName(), q.hours().isOpen(now),
                    q.hours().nextOpening(now).orElse(null), entries.size(), longest, atRisk, breached,
                    q.sla().toSeconds(), (int) members.stream().filter(a -> a.presence() == Presence.AVAILABLE).count(),
                    members.size()));
        }
        return new Overview(now, result, agents.stream().map(AgentController.AgentView::of).toList());
    }

    @GetMapping("/kpis")
    @Operation(summary = "KPIs of the last hour, day or week: overall, per channel, per queue (supervisors)")
    KpiReport.Report kpis(@RequestParam(defaultValue = "day") String window) {
        return kpis.compute(KpiReport.Window.fromWire(window));
    }

    @GetMapping("/audit")
    @Operation(summary = "The audit log, newest first: every state change with who and when (supervisors)")
    List<AuditLog.Event> audit(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                               @RequestParam(required = false) String subjectType,
                               @RequestParam(required = false) String subjectId) {
        if (subjectType != null && subjectId != null) {
            var events = new ArrayList<>(audit.forSubject(subjectType, subjectId));
            Collections.reverse(events);
            return events;
        }
        return audit.recent(limit);
    }
}
