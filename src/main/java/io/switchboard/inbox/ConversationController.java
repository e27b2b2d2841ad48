package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationSummary;
import io.switchboard.conversation.Turn;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.delivery.OutboundDispatcher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Conversations for agents: list, read the timeline, page older turns, reply, resolve. Agents
 * reach the conversations of their queues and their own; supervisors every one.
 */
@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "conversations")
@Validated
class ConversationController {

    /** The most conversations a filtered list looks at. */
    static final int FILTER_SCAN = 5_000;

    private final ConversationMemory memory;
    private final ConversationListing listing;
    private final OutboundDispatcher outbound;
    private final InboxAccess access;
    private final InboxViews views;
    private final CsatSurveys csat;
    private final CustomerDirectory customers;

    ConversationController(ConversationMemory memory, ConversationListing listing, OutboundDispatcher outbound, InboxAccess access,
                           InboxViews views, CsatSurveys csat, CustomerDirectory customers) {
        this.customers = customers;
        this.memory = memory;
        this.listing = listing;
        this.outbound = outbound;
        this.access = access;
        this.views = views;
        this.csat = csat;
    }

    @GetMapping
    @Operation(summary = "Conversations by status, most recently updated first (an agent's: their queues and their "
            + "own); filtered by queue, channel (of the customer's last message), intent (the latest routing saw) and "
            + "unverified senders (that one looking at up to " + FILTER_SCAN + " conversations)")
    List<ConversationSummary> list(@RequestParam(required = false) String status,
                                   @RequestParam(required = false) String queue,
                                   @RequestParam(required = false) String channel,
                                   @RequestParam(required = false) String intent,
                                   @RequestParam(defaultValue = "false") boolean unverified,
                                   @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                   @RequestParam(defaultValue = "0") @Min(0) int offset, Authentication auth) {
        InboxAccess.Viewer viewer = access.viewer(auth);
        Set<ConversationStatus> statuses = status == null ? Set.of() : Set.of(ConversationStatus.fromWire(status));
        var filters = new ConversationListing.Filters(queue, channel, intent);
        if (!unverified) {
            return listing.list(viewer.scope(statuses), filters, limit, offset);
        }
        // whether the channel vouched for the sender lives with the customer: each is looked at
        var matching = new ArrayList<ConversationSummary>();
        int skipped = 0;
        for (int from = 0; from < FILTER_SCAN && matching.size() < limit; from += 200) {
            List<ConversationSummary> page = listing.list(viewer.scope(statuses), filters, 200, from);
            for (ConversationSummary summary : page) {
                if (customers.find(summary.customerId()).map(Customer::unverified).isPresent() && skipped++ >= offset) {
                    matching.add(summary);
                    if (matching.size() == limit) {
                        break;
                    }
                }
            }
            if (page.size() < 200) {
                break;
            }
        }
        return matching;
    }

    @GetMapping("/{id}")
    @Operation(summary = "A conversation with its recent turns across every channel, its draft, notes and survey answers")
    ConversationView get(@PathVariable String id, Authentication auth) {
        return views.detail(access.conversation(id, auth), access.viewer(auth));
    }

    @GetMapping("/{id}/turns")
    @Operation(summary = "Older turns, newest first, before a sequence number")
    List<Turn> history(@PathVariable String id,
                       @RequestParam(defaultValue = "9223372036854775807") long before,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit, Authentication auth) {
        access.conversation(id, auth);
        return memory.history(id, before, limit).stream().map(InboxViews::withSafeHtml).toList();
    }

    record ReplyRequest(@NotBlank @Size(max = 100_000) String text, String channel) {
    }

    @PostMapping("/{id}/replies")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Reply to the customer, on the channel given or the one they prefer")
    Turn reply(@PathVariable String id, @Valid @RequestBody ReplyRequest request, Authentication auth) {
        access.conversation(id, auth);
        Appended appended = outbound.agentReply(id, request.text(), request.channel(), auth.getName());
        return memory.require(id).turn(appended.turn().seq()).orElse(appended.turn());
    }

    @PostMapping("/{id}/resolve")
    @Operation(summary = "Mark the conversation resolved; the customer gets the satisfaction survey")
    ConversationView resolve(@PathVariable String id, Authentication auth) {
        access.conversation(id, auth);
        Conversation resolved = memory.resolve(id, auth.getName());
        csat.afterResolution(resolved, auth.getName());
        return views.detail(resolved, access.viewer(auth));
    }
}
