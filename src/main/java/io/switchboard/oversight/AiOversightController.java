package io.switchboard.oversight;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.responder.KnowledgeBase;
import io.switchboard.routing.IntentAutonomy;
import io.switchboard.routing.RoutingProperties.Autonomy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The AI's oversight over HTTP: the audit list and its grades (role {@code reviewer}, supervisors and
 * admins), audited accuracy and each intent's autonomy with its evidence and suggestions; supervisors
 * and admins change an intent's autonomy.
 */
@RestController
@RequestMapping("/api/v1/ai")
@PreAuthorize("hasAnyRole('REVIEWER', 'SUPERVISOR', 'ADMIN')")
@Tag(name = "ai-oversight")
class AiOversightController {

    /** How many turns before the customer's question a reviewer sees. */
    private static final int CONTEXT_TURNS = 10;

    private final AiAudits audits;
    private final Oversight oversight;
    private final IntentAutonomy autonomy;
    private final ConversationMemory memory;
    private final ObjectProvider<KnowledgeBase> knowledge;
    private final KnowledgeGaps gaps;

    AiOversightController(AiAudits audits, Oversight oversight, IntentAutonomy autonomy, ConversationMemory memory,
                          ObjectProvider<KnowledgeBase> knowledge, KnowledgeGaps gaps) {
        this.gaps = gaps;
        this.audits = audits;
        this.oversight = oversight;
        this.autonomy = autonomy;
        this.memory = memory;
        this.knowledge = knowledge;
    }

    /** The signed-in reviewer, the intents to filter by, and the CSRF token the review page sends back. */
    record Reviewer(String username, List<String> intents, String csrfHeader, String csrfToken) {
    }

    @GetMapping("/reviewer")
    @Operation(summary = "The signed-in reviewer, the intents, and the CSRF token the review page sends back")
    Reviewer reviewer(Authentication auth, CsrfToken csrf) {
        return new Reviewer(auth.getName(), autonomy.states().stream().map(IntentAutonomy.State::intent).toList(),
                csrf == null ? null : csrf.getHeaderName(), csrf == null ? null : csrf.getToken());
    }

    @GetMapping("/audits")
    @Operation(summary = "The AI's answers picked for grading, newest first: those still to grade (graded=false, the "
            + "default) or those graded, of one intent or all")
    List<AiAudits.Audit> list(@RequestParam(defaultValue = "false") boolean graded,
                              @RequestParam(required = false) String intent,
                              @RequestParam(defaultValue = "100") int limit) {
        return audits.list(graded, intent, limit);
    }

    /**
     * What a reviewer grades.
     *
     * @param before   the conversation's visible turns before the question, oldest first
     * @param question the customer's message the AI answered
     * @param answer   the AI's answer as the customer got it
     * @param passages the knowledge it rested on, as the articles read now
     * @param held     false when the conversation is no longer held (erased, or past retention)
     */
    record Review(AiAudits.Audit audit, List<Turn> before, Turn question, Turn answer, List<Passage> passages,
                  boolean held) {
    }

    /** An article the answer cited, its score for the question and its text. */
    record Passage(String articleId, String title, double score, String text) {
    }

    @GetMapping("/audits/{id}")
    @Operation(summary = "One answer to grade: the customer's question, the conversation before it, the knowledge "
            + "passages it rested on and the answer")
    Review review(@PathVariable String id) {
        AiAudits.Audit audit = audits.find(id).orElseThrow(() -> new NoSuchElementException("no audit " + id));
        Turn answer = memory.history(audit.conversationId(), audit.turnSeq() + 1, 1).stream()
                .filter(t -> t.seq() == audit.turnSeq()).findFirst().orElse(null);
        var earlier = new ArrayList<>(memory.history(audit.conversationId(), audit.turnSeq(), CONTEXT_TURNS + 1));
        Turn question = earlier.stream().filter(t -> t.author() == io.switchboard.conversation.Author.CUSTOMER)
                .findFirst().orElse(null);
        earlier.removeIf(t -> question != null && t.seq() >= question.seq());
        Collections.reverse(earlier);
        KnowledgeBase base = knowledge.getIfAvailable();
        var passages = audit.citations().stream().map(c -> new Passage(c.articleId(), c.title(), c.score(),
                base == null ? null : base.article(c.articleId()).map(KnowledgeBase.Article::body).orElse(null)))
                .toList();
        return new Review(audit, earlier, question, answer, passages, answer != null);
    }

    record GradeRequest(@NotBlank String grade, @Size(max = 2000) String note) {
    }

    @PostMapping("/audits/{id}/grade")
    @Operation(summary = "Grade an answer: correct, incomplete, wrong or unsafe, with a note (what was wrong, what "
            + "the knowledge lacks); weighed at once against the intent's autonomy")
    AiAudits.Audit grade(@PathVariable String id, @Valid @RequestBody GradeRequest request, Authentication reviewer) {
        return oversight.grade(id, AiAudits.Grade.of(request.grade()), request.note(), reviewer.getName());
    }

    @GetMapping("/accuracy")
    @Operation(summary = "Audited accuracy with its 95 % Wilson interval: overall and per intent over the audit "
            + "window, by week over the last weeks; each intent's autonomy now, with the change in force and its "
            + "evidence, and the suggestion to let it answer by itself where the drafts show it could; the AI's "
            + "clarifying questions over the same weeks, and the share that led to a grounded answer")
    Oversight.Report accuracy(@RequestParam(defaultValue = "8") int weeks) {
        return oversight.report(Math.min(weeks, 104));
    }

    @GetMapping("/knowledge-gaps")
    @Operation(summary = "Questions the knowledge could not answer (a handoff for want of a grounded answer, an answer "
            + "graded incomplete or wrong), masked and grouped by similarity, largest group first, with examples and "
            + "the intent; answered=true includes the groups an article answers now")
    List<KnowledgeGaps.Group> knowledgeGaps(@RequestParam(defaultValue = "false") boolean answered) {
        return gaps.groups(answered);
    }

    @GetMapping(value = "/knowledge-gaps.csv", produces = "text/csv")
    @Operation(summary = "The same as CSV, for the people who write the knowledge: group, size, intent, answered by, "
            + "examples")
    ResponseEntity<String> knowledgeGapsCsv(@RequestParam(defaultValue = "false") boolean answered) throws IOException {
        var csv = new StringWriter();
        try (var printer = CSVFormat.RFC4180.builder().setHeader("group", "size", "intent", "answered_by", "examples")
                .get().print(csv)) {
            for (KnowledgeGaps.Group g : gaps.groups(answered)) {
                printer.printRecord(g.id(), g.size(), defused(g.intent()), defused(g.answeredBy()),
                        defused(String.join(" | ", g.examples())));
            }
        }
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"knowledge-gaps.csv\"")
                .contentType(MediaType.parseMediaType("text/csv")).body(csv.toString());
    }

    @PostMapping("/knowledge-gaps/recheck")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    @Operation(summary = "Try the open groups against the knowledge as it is now (done at every start): returns how "
            + "many an article not cited before answers")
    Map<String, Integer> recheckKnowledgeGaps() {
        return Map.of("answered", gaps.recheck());
    }

    /** A customer's words opened in a spreadsheet: a leading formula character is defused. */
    private static String defused(String value) {
        return value != null && value.matches("(?s)[=+\\-@\t\r].*") ? "'" + value : value;
    }

    @GetMapping("/autonomy")
    @Operation(summary = "Each intent's autonomy: as configured, its rollout, the change in force (who, when, why, "
            + "evidence), and the suggestions")
    Map<String, Object> autonomy() {
        return Map.of("intents", autonomy.states(), "suggestions", oversight.suggestions().values());
    }

    record AutonomyRequest(@NotBlank String autonomy, @NotBlank @Size(max = 500) String reason) {
    }

    @PutMapping("/autonomy/{intent}")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    @Operation(summary = "Set an intent's autonomy (off, draft, auto) for a reason, or 'configured' to lift a change "
            + "and go back to the configuration; audited")
    IntentAutonomy.State setAutonomy(@PathVariable String intent, @Valid @RequestBody AutonomyRequest request,
                                     Authentication supervisor) {
        String wanted = request.autonomy().strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("configured")) {
            return autonomy.lift(intent, supervisor.getName(), request.reason());
        }
        Autonomy level;
        try {
            level = Autonomy.valueOf(wanted.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("autonomy is off, draft, auto or configured, not " + request.autonomy());
        }
        return autonomy.set(intent, level, supervisor.getName(), request.reason());
    }
}
