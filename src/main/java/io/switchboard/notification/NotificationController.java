package io.switchboard.notification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Proactive messages for the company's systems (role {@code notifications}, usually an API token) or an admin. */
@RestController
@RequestMapping("/api/v1/notifications")
@PreAuthorize("hasAnyRole('NOTIFICATIONS', 'ADMIN')")
@Tag(name = "notifications")
class NotificationController {

    private final Notifications notifications;
    private final NotificationBatches batches;

    NotificationController(Notifications notifications, NotificationBatches batches) {
        this.notifications = notifications;
        this.batches = batches;
    }

    record NotificationRequest(@Size(max = 64) String customerId, @Size(max = 400) String address,
                               @NotBlank @Size(max = 128) String template, Map<String, String> variables,
                               @Size(max = 32) String purpose, @Size(max = 16) String language,
                               @NotBlank @Size(max = 200) String idempotencyKey, Instant notBefore,
                               Instant expiresAt, @Size(max = 64) String timeZone) {
    }

    @PostMapping
    @Operation(summary = "Send a notification from a template to a customer (id or address) on the channel they prefer "
            + "among those their consent allows for its purpose, outside their quiet hours; 202 when new, 200 with the "
            + "first answer when the idempotency key was used before")
    ResponseEntity<Notification> send(@Valid @RequestBody NotificationRequest request, Authentication caller) {
        var result = notifications.submit(new Notifications.Request(request.customerId(), request.address(),
                request.template(), request.variables(), request.purpose(), request.language(),
                request.idempotencyKey(), request.notBefore(), request.expiresAt(), request.timeZone()),
                caller.getName());
        return ResponseEntity.status(result.repeated() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(result.notification());
    }

    record BatchRequest(@NotBlank @Size(max = 128) String template, @Size(max = 32) String purpose,
                        @Size(max = 16) String language, Instant notBefore, Instant expiresAt,
                        @NotNull List<NotificationBatches.Item> items) {
    }

    @PostMapping(value = "/batches", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Many notifications of one template at once (at most 10,000): kept whole, then sent at each "
            + "channel's pace; each item has its own idempotency key; the answer is the batch's report")
    ResponseEntity<NotificationBatches.Report> batch(@Valid @RequestBody BatchRequest request, Authentication caller) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(batches.start(new NotificationBatches.Shared(
                request.template(), request.purpose(), request.language(), request.notBefore(), request.expiresAt()),
                request.items(), caller.getName()));
    }

    @PostMapping(value = "/batches", consumes = "text/csv")
    @Operation(summary = "The same from a CSV with a header: customerId or address, idempotencyKey, optionally "
            + "timeZone, then one column per variable; the template and purpose as parameters")
    ResponseEntity<NotificationBatches.Report> batchFromCsv(@RequestParam String template,
                                                            @RequestParam(required = false) String purpose,
                                                            @RequestParam(required = false) String language,
                                                            @RequestParam(required = false) Instant notBefore,
                                                            @RequestParam(required = false) Instant expiresAt,
                                                            @RequestBody String csv, Authentication caller) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(batches.start(new NotificationBatches.Shared(template,
                purpose, language, notBefore, expiresAt), NotificationBatches.fromCsv(csv), caller.getName()));
    }

    @GetMapping("/batches/{id}")
    @Operation(summary = "A batch's progress and report: pending, and per outcome (sent, scheduled, skipped, expired, "
            + "failed), why items were skipped, which lines failed")
    NotificationBatches.Report batch(@PathVariable String id) {
        return batches.report(id);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A notification and what became of it: scheduled, sent (its delivery is on the turn), "
            + "skipped or expired, with the reason")
    Notification get(@PathVariable String id) {
        return notifications.find(id).orElseThrow(() -> new NoSuchElementException("no notification " + id));
    }
}
