package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.system.AuditLog;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** What an agent does with a conversation besides replying: pick, transfer, hand back, notes, drafts. */
@RestController
@RequestMapping("/api/v1/conversations/{id}")
@Tag(name = "conversations")
class ConversationActionsController {

    private final Handovers handovers;
    private final ConversationMemory memory;
    private final InboxAccess access;
    private final InboxViews views;
    private final ReadMarks marks;
    private final AiDrafts drafts;
    private final CannedResponses canned;
    private final AgentRoster roster;
    private final AuditLog audit;
    private final HandoffRatings ratings;

    ConversationActionsController(Handovers handovers, ConversationMemory memory, InboxAccess access,
                                  InboxViews views, ReadMarks marks, AiDrafts drafts, CannedResponses canned,
                                  AgentRoster roster, AuditLog audit, HandoffRatings ratings) {
        this.ratings = ratings;
        this.handovers = handovers;
        this.memory = memory;
        this.access = access;
        this.views = views;
        this.marks = marks;
        this.drafts = drafts;
        this.canned = canned;
        this.roster = roster;
        this.audit = audit;
    }

    @PostMapping("/pick")
    @Operation(summary = "Take a waiting conversation (409 when another agent was first or you are at capacity)")
    ConversationView pick(@PathVariable String id, Authentication auth) {
        access.conversation(id, auth);
        return views.detail(handovers.pick(id, auth.getName()), access.viewer(auth));
    }

    /** Exactly one of {@code agent} and {@code queue}. */
    record TransferRequest(@Size(max = 128) String agent, @Size(max = 64) String queue, @Size(max = 2000) String note) {
    }

    @PostMapping("/transfer")
    @Operation(summary = "Transfer to an agent or to a queue, with a note for whoever takes it")
    ConversationView transfer(@PathVariable String id, @Valid @RequestBody TransferRequest request, Authentication auth) {
        access.conversation(id, auth);
        boolean toAgent = request.agent() != null && !request.agent().isBlank();
        boolean toQueue = request.queue() != null && !request.queue().isBlank();
        if (toAgent == toQueue) {
            throw new IllegalArgumentException("give either an agent or a queue to transfer to");
        }
        Conversation after = toAgent ? handovers.transferToAgent(id, request.agent().strip(), request.note(), auth.getName())
                : handovers.transferToQueue(id, request.queue().strip(), request.note(), auth.getName());
        return views.plain(after);
    }

    @PostMapping("/release")
    @Operation(summary = "Put your conversation back in its queue")
    ConversationView release(@PathVariable String id, Authentication auth) {
        access.conversation(id, auth);
        return views.plain(handovers.release(id, auth.getName(), auth.getName()));
    }

    record HandBackRequest(@Size(max = 2000) String note) {
    }

    @PostMapping("/hand-back")
    @Operation(summary = "Hand the conversation back to the AI: the customer's next message is routed again")
    ConversationView handBack(@PathVariable String id, @RequestBody(required = false) @Valid HandBackRequest request,
                              Authentication auth) {
        access.conversation(id, auth);
        return views.plain(handovers.handBack(id, request == null ? null : request.note(), auth.getName()));
    }

    record NoteRequest(@NotBlank @Size(max = 20_000) String text) {
    }

    @PostMapping("/notes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "An internal note: agents see it, the customer never does")
    Turn note(@PathVariable String id, @Valid @RequestBody NoteRequest request, Authentication auth) {
        access.conversation(id, auth);
        Appended note = memory.recordNote(id, new ConversationMemory.Draft(Author.AGENT, auth.getName(), null, null,
                request.text(), null, true, Map.of("kind", "note")));
        audit.record(auth.getName(), "conversation.note-added", "conversation", id, Map.of("turn", note.turn().seq()));
        return note.turn();
    }

    record ReadRequest(@Min(0) long seq) {
    }

    @PostMapping("/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Mark the conversation read up to a turn")
    void read(@PathVariable String id, @Valid @RequestBody ReadRequest request, Authentication auth) {
        access.conversation(id, auth);
        marks.read(auth.getName(), id, request.seq());
    }

    @GetMapping("/canned-responses")
    @Operation(summary = "Canned responses with this conversation's variables filled in")
    List<CannedResponses.Canned> cannedResponses(@PathVariable String id, Authentication auth) {
        Conversation c = access.conversation(id, auth);
        Agent me = roster.ensure(auth.getName());
        String customer = views.customerLabel(c.customerId());
        return canned.expanded(Map.of("customer.name", customer, "agent.name", me.displayName(),
                "queue.name", String.valueOf(c.queue()), "conversation.id", c.id()));
    }

    record HandoffRatingRequest(@Min(1) long seq, boolean useful, @Size(max = 4) List<String> missing,
                                boolean askedAgain, @Size(max = 500) String comment) {
    }

    @PostMapping("/handoff-ratings")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Did the handoff note (its seq) have what you needed (useful; if not, missing: goal, "
            + "order-or-account, what-was-tried, other), and did you have to ask the customer something they had "
            + "already said (askedAgain)? Once per note")
    HandoffRatings.Rating rateHandoff(@PathVariable String id, @Valid @RequestBody HandoffRatingRequest request,
                                      Authentication auth) {
        Conversation c = access.conversation(id, auth);
        return ratings.rate(c, request.seq(), request.useful(), request.missing(), request.askedAgain(),
                request.comment(), auth.getName());
    }

    record DraftRequest(@NotBlank @Size(max = 100_000) String text, @Size(max = 64) String author) {
    }

    @PostMapping("/drafts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Attach a reply the AI suggests; an agent sends, edits or discards it")
    Turn propose(@PathVariable String id, @Valid @RequestBody DraftRequest request, Authentication auth) {
        access.conversation(id, auth);
        return drafts.propose(id, request.text(), request.author() == null ? "assistant" : request.author()).turn();
    }

    record SendDraftRequest(@Size(max = 100_000) String text, @Size(max = 32) String channel) {
    }

    @PostMapping("/drafts/{seq}/send")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send the AI's draft as written, or with the text given (counted as edited)")
    Turn sendDraft(@PathVariable String id, @PathVariable long seq,
                   @RequestBody(required = false) @Valid SendDraftRequest request, Authentication auth) {
        Conversation c = access.conversation(id, auth);
        return drafts.send(c, seq, request == null ? null : request.text(), request == null ? null : request.channel(),
                auth.getName()).turn();
    }

    @PostMapping("/drafts/{seq}/discard")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Discard the AI's draft")
    void discardDraft(@PathVariable String id, @PathVariable long seq, Authentication auth) {
        drafts.discard(access.conversation(id, auth), seq, auth.getName());
    }

    @GetMapping("/audit")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    @Operation(summary = "Every recorded change of the conversation: who, what, when (supervisors)")
    List<AuditLog.Event> audit(@PathVariable String id, Authentication auth) {
        access.conversation(id, auth);
        return audit.forSubject("conversation", id);
    }
}
