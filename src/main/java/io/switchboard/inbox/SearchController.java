package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.conversation.ConversationStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Search across every conversation the caller may open. */
@RestController
@Validated
@Tag(name = "search")
class SearchController {

    private final ConversationSearch search;
    private final InboxAccess access;

    SearchController(ConversationSearch search, InboxAccess access) {
        this.search = search;
        this.access = access;
    }

    @GetMapping("/api/v1/search")
    @Operation(summary = "Conversations by what was said in them: words, an order number, a phone number however "
            + "written, an e-mail address; every word must be in one message. Newest match first, one hit per "
            + "conversation with its matching message as a snippet (text, with the matching stretches as offsets); "
            + "next gives the following page as cursor")
    ConversationSearch.Page search(@RequestParam @Size(min = 1, max = 200) String q,
                                   @RequestParam(required = false) @Size(max = 32) String channel,
                                   @RequestParam(required = false) @Size(max = 128) String queue,
                                   @RequestParam(required = false) String status,
                                   @RequestParam(required = false) @Size(max = 64) String intent,
                                   @RequestParam(defaultValue = "false") boolean unverified,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                   @RequestParam(defaultValue = "20") @Min(1) @Max(ConversationSearch.MAX_LIMIT) int limit,
                                   @RequestParam(required = false) @Size(max = 400) String cursor,
                                   Authentication auth) {
        ConversationStatus wanted = status == null || status.isBlank() ? null : ConversationStatus.fromWire(status);
        return search.search(new ConversationSearch.Query(q, blank(channel), blank(queue), wanted, blank(intent),
                unverified, from, to, limit, cursor), access.viewer(auth));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
