package io.switchboard.privacy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Data rights for the privacy officer (role {@code privacy}) or an admin: export, erasure, legal holds. */
@RestController
@RequestMapping("/api/v1/customers/{id}")
@PreAuthorize("hasAnyRole('PRIVACY', 'ADMIN')")
@Tag(name = "data rights")
class DataRightsController {

    private final DataRights rights;
    private final LegalHolds holds;

    DataRightsController(DataRights rights, LegalHolds holds) {
        this.rights = rights;
        this.holds = holds;
    }

    /**
     * Written on the request's own thread as it is read (not an asynchronous response: the container's
     * async timeout would cut a large export short); an unknown customer is refused before anything is written.
     */
    @GetMapping("/export")
    @Operation(summary = "Everything held about the customer, as one zip (layout in the README); audited")
    void export(@PathVariable String id, Authentication caller, HttpServletResponse response) throws IOException {
        DataSubject subject = rights.subject(id);
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"customer-" + subject.customerId() + ".zip\"");
        rights.export(subject, caller.getName(), response.getOutputStream());
    }

    record EraseRequest(@NotBlank @Size(max = 500) String reason) {
    }

    @PostMapping("/erase")
    @Operation(summary = "Erase the customer's personal data everywhere the gateway keeps it (409 under a legal "
            + "hold); the audit keeps that it happened, by customer id only")
    DataRights.Erasure erase(@PathVariable String id, @Valid @RequestBody EraseRequest request, Authentication caller) {
        return rights.erase(id, request.reason(), caller.getName());
    }

    record HoldRequest(@NotBlank @Size(max = 500) String reason) {
    }

    @PutMapping("/legal-hold")
    @Operation(summary = "Place a legal hold: no erasure and no retention purge for this customer until lifted")
    LegalHolds.Hold hold(@PathVariable String id, @Valid @RequestBody HoldRequest request, Authentication caller) {
        return holds.place(rights.subject(id), request.reason(), caller.getName());
    }

    /** Whether the customer is held, and the hold when they are. */
    record HoldView(boolean held, LegalHolds.Hold hold) {
    }

    @GetMapping("/legal-hold")
    @Operation(summary = "Whether the customer is under a legal hold, and why")
    HoldView hold(@PathVariable String id) {
        var hold = holds.onAny(rights.subject(id).customerIds());
        return new HoldView(hold.isPresent(), hold.orElse(null));
    }

    @DeleteMapping("/legal-hold")
    @Operation(summary = "Lift the legal hold")
    ResponseEntity<Void> lift(@PathVariable String id, Authentication caller) {
        boolean lifted = holds.lift(rights.subject(id), caller.getName());
        return lifted ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
