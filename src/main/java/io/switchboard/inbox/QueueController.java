package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Queues: agents see theirs, supervisors all; admins define and change them. */
@RestController
@RequestMapping("/api/v1/queues")
@Tag(name = "queues")
class QueueController {

    private final QueueDirectory queues;
    private final InboxAccess access;

    QueueController(QueueDirectory queues, InboxAccess access) {
        this.queues = queues;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "The queues I can see, with skills, priority, business hours and SLA")
    List<QueueDefinition> list(Authentication auth) {
        InboxAccess.Viewer viewer = access.viewer(auth);
        return queues.all().stream().filter(q -> viewer.seesQueue(q.name())).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One queue")
    QueueDefinition get(@PathVariable String name, Authentication auth) {
        access.queue(name, auth);
        return queues.require(name);
    }

    /** A queue as an admin writes it; schedule lines like {@code mon-fri 09:00-17:00}, none for 24/7. */
    record QueueRequest(@Size(max = 200) String displayName, int priority, Set<@Size(max = 100) String> skills,
                        @Size(max = 64) String timeZone, List<@Size(max = 40) String> schedule, List<LocalDate> holidays,
                        @NotNull Duration sla, @Size(max = 32) String strategy) {
    }

    @PutMapping("/{name}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Create or change a queue (admins); audited")
    QueueDefinition put(@PathVariable String name, @Valid @RequestBody QueueRequest request, Authentication auth) {
        var definition = new QueueDefinition(name, request.displayName(), request.priority(), request.skills(),
                BusinessHours.parse(request.timeZone(), request.schedule(), request.holidays()), request.sla(),
                request.strategy() == null ? null : QueueDefinition.AssignmentStrategy.valueOf(
                        request.strategy().strip().toUpperCase().replace('-', '_')), "admin");
        return queues.put(definition, auth.getName());
    }

    @DeleteMapping("/{name}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a queue (admins; not the default one); audited")
    void delete(@PathVariable String name, Authentication auth) {
        queues.delete(name, auth.getName());
    }
}
