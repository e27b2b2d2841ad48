package io.switchboard.oversight;

import io.switchboard.inbox.AiDrafts;
import io.switchboard.routing.IntentAutonomy;
import io.switchboard.routing.RoutingProperties.Autonomy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * What the audits decide. After every grade the intent's audited accuracy over the window is weighed:
 * an intent that answers by itself drops to {@code draft} at once when an answer was graded unsafe,
 * or when, on at least {@code min-sample} graded answers, the lower bound of its accuracy's 95 %
 * interval is below {@code demote-below}. Promotion is only ever suggested: an intent in draft whose
 * drafts agents sent as written often enough ({@code promote-above}, same interval and sample).
 */
@Component
public class Oversight {

    /**
     * An intent's audited accuracy over the window, its autonomy now and, where the evidence is there,
     * the suggestion to let it answer by itself.
     */
    public record IntentReport(String intent, Proportion accuracy, long unsafe, List<Week> weeks,
                               IntentAutonomy.State autonomy, Suggestion suggestion) {
    }

    /** Audited accuracy of the answers given in one ISO week. */
    public record Week(String week, Proportion accuracy) {
    }

    /** A suggestion to move an intent from draft to auto, with its evidence; a supervisor decides. */
    public record Suggestion(String intent, String reason, Proportion sentAsWritten) {
    }

    /**
     * The whole picture since {@code from}.
     *
     * @param waiting        answers still to grade
     * @param clarifications the AI's clarifying questions since {@code from} and what they led to
     */
    public record Report(Instant from, Proportion overall, List<Week> weeks, List<IntentReport> intents,
                         long waiting, ClarificationOutcomes.Report clarifications) {
    }

    private final AiAudits audits;
    private final KnowledgeGaps gaps;
    private final IntentAutonomy autonomy;
    private final AiDrafts drafts;
    private final ClarificationOutcomes clarifications;
    private final AuditProperties properties;
    private final Clock clock;

    Oversight(AiAudits audits, KnowledgeGaps gaps, IntentAutonomy autonomy, AiDrafts drafts,
              ClarificationOutcomes clarifications, AuditProperties properties, Clock clock) {
        this.clarifications = clarifications;
        this.audits = audits;
        this.gaps = gaps;
        this.autonomy = autonomy;
        this.drafts = drafts;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A reviewer's grade, weighed at once against the intent's autonomy; an incomplete or wrong answer's
     * question becomes a knowledge gap.
     */
    public AiAudits.Audit grade(String id, AiAudits.Grade grade, String note, String reviewer) {
        AiAudits.Audit graded = audits.grade(id, grade, note, reviewer);
        weigh(graded.intent());
        gaps.afterGrade(graded, grade);
        return graded;
    }

    /** Drops the intent to draft when the evidence of the window says so; true when it did. */
    boolean weigh(String intent) {
        if (AiAudits.NO_INTENT.equals(intent) || autonomy.state(intent).isEmpty()) {
            return false;
        }
        var tallies = audits.tallies(clock.instant().minus(properties.window())).stream()
                .filter(t -> t.intent().equals(intent)).toList();
        Proportion accuracy = Proportion.of(tallies.stream().mapToLong(AiAudits.Tally::correct).sum(),
                tallies.stream().mapToLong(AiAudits.Tally::graded).sum());
        long unsafe = tallies.stream().mapToLong(AiAudits.Tally::unsafe).sum();
        var evidence = evidence(accuracy);
        evidence.put("unsafe", Long.toString(unsafe));
        if (unsafe > 0) {
            return autonomy.demote(intent, "an answer of the AI was graded unsafe", evidence);
        }
        if (accuracy.total() >= properties.minSample() && accuracy.low() < properties.demoteBelow()) {
            return autonomy.demote(intent, String.format(Locale.ROOT, "audited accuracy %.0f %% (95 %% interval "
                    + "from %.0f %%) on %d graded answers, below the %.0f %% it must keep", 100 * accuracy.share(),
                    100 * accuracy.low(), accuracy.total(), 100 * properties.demoteBelow()), evidence);
        }
        return false;
    }

    /**
     * Audited accuracy overall, per week and per intent since {@code weeks} weeks ago, with autonomy and
     * suggestions, and what the clarifying questions led to.
     */
    public Report report(int weeks) {
        Instant now = clock.instant();
        Instant from = now.minus(java.time.Duration.ofDays(7L * Math.max(1, weeks)));
        var tallies = audits.tallies(from);
        var windowTallies = audits.tallies(now.minus(properties.window()));
        var suggestions = suggestions();
        var intents = new ArrayList<IntentReport>();
        var names = new TreeSet<String>();
        autonomy.states().forEach(s -> names.add(s.intent()));
        tallies.forEach(t -> names.add(t.intent()));
        for (String intent : names) {
            var own = windowTallies.stream().filter(t -> t.intent().equals(intent)).toList();
            intents.add(new IntentReport(intent, sum(own), own.stream().mapToLong(AiAudits.Tally::unsafe).sum(),
                    byWeek(tallies.stream().filter(t -> t.intent().equals(intent)).toList()),
                    autonomy.state(intent).orElse(null), suggestions.get(intent)));
        }
        return new Report(from, sum(windowTallies), byWeek(tallies), intents, audits.waiting(),
                clarifications.report(from));
    }

    /** Intents in draft whose drafts agents send as written often enough to let the AI answer them. */
    public Map<String, Suggestion> suggestions() {
        var suggestions = new TreeMap<String, Suggestion>();
        drafts.sentAsWrittenByIntentSince(clock.instant().minus(properties.window())).forEach((intent, counts) -> {
            Optional<IntentAutonomy.State> state = autonomy.state(intent);
            Proportion sent = Proportion.of(counts[0], counts[1]);
            if (state.isPresent() && state.get().current() == Autonomy.DRAFT && sent.total() >= properties.minSample()
                    && sent.low() >= properties.promoteAbove()) {
                suggestions.put(intent, new Suggestion(intent, String.format(Locale.ROOT, "agents sent %.0f %% of "
                        + "%d drafts as written (95 %% interval from %.0f %%): consider auto, perhaps for a share of "
                        + "customers first (rollout)", 100 * sent.share(), sent.total(), 100 * sent.low()), sent));
            }
        });
        return suggestions;
    }

    private static Proportion sum(List<AiAudits.Tally> tallies) {
        return Proportion.of(tallies.stream().mapToLong(AiAudits.Tally::correct).sum(),
                tallies.stream().mapToLong(AiAudits.Tally::graded).sum());
    }

    private static List<Week> byWeek(List<AiAudits.Tally> tallies) {
        var weeks = new TreeMap<String, long[]>();
        tallies.forEach(t -> {
            long[] counts = weeks.computeIfAbsent(t.week(), w -> new long[2]);
            counts[0] += t.correct();
            counts[1] += t.graded();
        });
        return weeks.entrySet().stream().map(e -> new Week(e.getKey(), Proportion.of(e.getValue()[0], e.getValue()[1])))
                .toList();
    }

    private static Map<String, String> evidence(Proportion accuracy) {
        var evidence = new TreeMap<String, String>();
        evidence.put("graded", Long.toString(accuracy.total()));
        evidence.put("correct", Long.toString(accuracy.successes()));
        evidence.put("accuracy", String.format(Locale.ROOT, "%.3f", accuracy.share()));
        evidence.put("low", String.format(Locale.ROOT, "%.3f", accuracy.low()));
        evidence.put("high", String.format(Locale.ROOT, "%.3f", accuracy.high()));
        return evidence;
    }
}
