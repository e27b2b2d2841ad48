package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationSummary;
import io.switchboard.customer.Address;
import io.switchboard.customer.AddressClaims;
import io.switchboard.customer.Consent;
import io.switchboard.customer.ConsentRecord;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.IdentityChanges;
import io.switchboard.customer.IdentityLink;
import io.switchboard.customer.NoSuchCustomerException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customers for agents: profiles, links and merges (audited, reversible), claims, preferences, consent. An
 * agent reaches the customers of the conversations they may see.
 */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "customers")
class CustomerController {

    private final CustomerDirectory customers;
    private final IdentityChanges changes;
    private final AddressClaims claims;
    private final ConversationMemory memory;
    private final ConversationListing listing;
    private final InboxAccess access;
    private final Consent consent;

    CustomerController(CustomerDirectory customers, IdentityChanges changes, AddressClaims claims,
                       ConversationMemory memory, ConversationListing listing, InboxAccess access, Consent consent) {
        this.consent = consent;
        this.customers = customers;
        this.changes = changes;
        this.claims = claims;
        this.memory = memory;
        this.listing = listing;
        this.access = access;
    }

    /** A customer with their links, conversations and consent (every address, every purpose). */
    record CustomerView(Customer customer, List<IdentityLink> links, List<ConversationSummary> conversations,
                        List<Consent.State> consent) {
    }

    @GetMapping("/{id}")
    @Operation(summary = "A customer: addresses, claims, preference, opt-outs, links and conversations")
    CustomerView get(@PathVariable String id, Authentication auth) {
        Customer customer = customers.require(id);
        access.customer(customer.id(), auth);
        return view(customer);
    }

    @GetMapping
    @Operation(summary = "Find the customer an address belongs to, e.g. ?address=email:alice@example.com "
            + "(404 alike for an address nobody has and one of a customer outside the caller's queues; "
            + "the role privacy finds any)")
    CustomerView find(@RequestParam String address, Authentication auth) {
        Customer customer = customers.findByAddress(customers.addresses().parse(address))
                .filter(found -> access.privacyOfficer(auth) || access.maySeeCustomer(found.id(), auth))
                .orElseThrow(() -> new NoSuchCustomerException("no customer you may see has that address"));
        return view(customer);
    }

    record LinkRequest(@NotBlank @Size(max = 400) String address, @Size(max = 1000) String evidence) {
    }

    @PostMapping("/{id}/addresses")
    @Operation(summary = "Link an address to the customer, taken from whoever had it: the caller must be able to "
            + "see that customer too (or be a supervisor); audited, reversible")
    ResponseEntity<IdentityLink> link(@PathVariable String id, @Valid @RequestBody LinkRequest request, Authentication agent) {
        access.customer(id, agent);
        Address address = customers.addresses().parse(request.address());
        customers.findByAddress(address).filter(owner -> !owner.id().equals(id))
                .ifPresent(owner -> access.customer(owner.id(), agent));
        return changes.link(id, address, agent.getName(),
                        request.evidence() == null ? "linked by an agent" : request.evidence())
                .map(link -> ResponseEntity.status(HttpStatus.CREATED).body(link))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    record MergeRequest(@NotBlank String customerId, @Size(max = 1000) String evidence) {
    }

    @PostMapping("/{id}/merge")
    @Operation(summary = "Merge another customer into this one; audited, reversible")
    IdentityLink merge(@PathVariable String id, @Valid @RequestBody MergeRequest request, Authentication agent) {
        access.customer(id, agent);
        access.customer(request.customerId(), agent);
        return changes.merge(id, request.customerId(), agent.getName(),
                request.evidence() == null ? "merged by an agent" : request.evidence());
    }

    record UnmergeRequest(@NotBlank String linkId) {
    }

    @PostMapping("/{id}/unmerge")
    @Operation(summary = "Undo a link or merge: the addresses and what arrived on them since go back")
    IdentityLink unmerge(@PathVariable String id, @Valid @RequestBody UnmergeRequest request, Authentication agent) {
        access.customer(id, agent);
        return changes.unmerge(id, request.linkId(), agent.getName());
    }

    record ClaimRequest(@NotBlank @Size(max = 400) String address) {
    }

    @PostMapping("/{id}/claims/confirm")
    @Operation(summary = "Confirm an address the customer claimed (for channels that cannot carry a code)")
    IdentityLink confirmClaim(@PathVariable String id, @Valid @RequestBody ClaimRequest request, Authentication agent) {
        access.customer(id, agent);
        return claims.confirmClaim(id, customers.addresses().parse(request.address()), agent.getName());
    }

    record PreferenceRequest(@Size(max = 32) String channel) {
    }

    @PutMapping("/{id}/preferred-channel")
    @Operation(summary = "Set the channel replies go to (null to forget the preference)")
    Customer preferredChannel(@PathVariable String id, @Valid @RequestBody PreferenceRequest request, Authentication agent) {
        access.customer(id, agent);
        return customers.setPreferredChannel(id, request.channel(), agent.getName());
    }

    record ConsentRequest(@NotBlank @Size(max = 400) String address, @NotBlank String purpose, boolean granted,
                          @Size(max = 16) String source, @Size(max = 500) String words) {
    }

    @PutMapping("/{id}/consent")
    @Operation(summary = "Record consent given or withdrawn for one of the customer's addresses and a purpose "
            + "(service, notifications, marketing); source agent (default), form or import; audited")
    ConsentRecord consent(@PathVariable String id, @Valid @RequestBody ConsentRequest request, Authentication agent) {
        access.customer(id, agent);
        String source = request.source() == null ? "agent" : request.source();
        if ("keyword".equals(source) || "customer".equals(source)) {
            throw new IllegalArgumentException("source " + source + " is the customer's own; an agent records agent, "
                    + "form or import");
        }
        return consent.record(id, customers.addresses().parse(request.address()), request.purpose(), request.granted(),
                source, request.words(), agent.getName());
    }

    record ConsentView(List<Consent.State> current, List<ConsentRecord> history) {
    }

    @GetMapping("/{id}/consent")
    @Operation(summary = "The customer's consent now, per address and purpose, and every change of it")
    ConsentView consent(@PathVariable String id, Authentication agent) {
        Customer customer = customers.require(id);
        access.customer(customer.id(), agent);
        return new ConsentView(consent.of(customer),
                consent.history(customer.addresses().stream().map(Address::toString).toList()));
    }

    private CustomerView view(Customer customer) {
        return new CustomerView(customer, changes.links(customer.id()), listing.forCustomer(customer.id(), 50),
                consent.of(customer));
    }
}
