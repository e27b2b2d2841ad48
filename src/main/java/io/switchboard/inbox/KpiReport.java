package io.switchboard.inbox;

import io.switchboard.notification.Notifications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The numbers a supervisor runs on, computed from recorded facts for the last hour, day or week,
 * overall, per channel (where the conversation started) and per queue (where it last waited):
 *
 * <ul>
 * <li>conversations created in the window: first response time (to the first reply the customer saw),
 *     handoff rate (share that reached a human queue), repeat contacts (same customer, same intent,
 *     another conversation created within the repeat window before; intent is the one routing recorded,
 *     else the queue);</li>
 * <li>conversations resolved in the window: time to resolution, AI containment (share resolved
 *     without a human ever owning or answering it);</li>
 * <li>CSAT answers given in the window; SLA breaches that happened in the window; AI drafts dealt with.</li>
 * </ul>
 */
@Component
class KpiReport {

    private final ConversationFacts facts;
    private final CsatSurveys csat;
    private final Notifications notifications;
    private final AiDrafts drafts;
    private final HandoffRatings handoffs;
    private final InboxProperties properties;
    private final Clock clock;

    KpiReport(ConversationFacts facts, CsatSurveys csat, AiDrafts drafts, Notifications notifications,
              HandoffRatings handoffs, InboxProperties properties, Clock clock) {
        this.handoffs = handoffs;
        this.notifications = notifications;
        this.facts = facts;
        this.csat = csat;
        this.drafts = drafts;
        this.properties = properties;
        this.clock = clock;
    }

    enum Window {
        HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1)), WEEK(Duration.ofDays(7));

        final Duration length;

        Window(Duration length) {
            this.length = length;
        }

        static Window fromWire(String value) {
            try {
                return valueOf(value.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown window '" + value + "', expected hour, day or week");
            }
        }
    }

    /**
     * KPIs of one slice. Times in seconds, rates between 0 and 1; null where nothing was measured.
     */
    record Kpis(long conversations, Double firstResponseSeconds, long resolved, Double resolutionSeconds,
                Double aiContainment, Double handoffRate, long repeatContacts, Double csatAverage, long csatAnswers,
                long slaBreaches) {
    }

    /**
     * @param notifications per purpose, the notifications asked for in the window by what became of them
     *                      (scheduled, sent, skipped, expired)
     * @param handoffs      agents' ratings of handoff notes given in the window: useful, asked again, what
     *                      was missing; overall, per queue and per intent
     */
    record Report(String window, Instant from, Instant to, Kpis overall, Map<String, Kpis> byChannel,
                  Map<String, Kpis> byQueue, Map<String, Long> drafts, Map<String, Map<String, Long>> notifications,
                  HandoffRatings.Report handoffs) {
    }

    Report compute(Window window) {
        Instant to = clock.instant();
        Instant from = to.minus(window.length);
        List<ConversationFacts.Fact> all = facts.touchedSince(from.minus(properties.repeatWindow()));
        List<CsatSurveys.Answer> answers = csat.answeredSince(from).stream()
                .filter(a -> a.answeredAt().isBefore(to) || a.answeredAt().equals(to)).toList();
        var slice = new Slice(all, all.stream().collect(Collectors.groupingBy(ConversationFacts.Fact::customerId)),
                answers, from, to, properties.repeatWindow());
        return new Report(window.name().toLowerCase(), from, to, slice.kpis(f -> true, a -> true),
                slice.by(ConversationFacts.Fact::channel, CsatSurveys.Answer::channel),
                slice.by(ConversationFacts.Fact::queue, CsatSurveys.Answer::queue), drafts.outcomesSince(from),
                notifications.countsSince(from), handoffs.since(from));
    }

    private record Slice(List<ConversationFacts.Fact> all, Map<String, List<ConversationFacts.Fact>> byCustomer,
                         List<CsatSurveys.Answer> answers, Instant from, Instant to, Duration repeatWindow) {

        Map<String, Kpis> by(Function<ConversationFacts.Fact, String> key, Function<CsatSurveys.Answer, String> answerKey) {
            var keys = new ArrayList<String>();
            all.stream().filter(f -> in(f.createdAt()) || in(f.resolvedAt()) || in(f.slaBreachedAt()))
                    .map(key).filter(Objects::nonNull).forEach(keys::add);
            answers.stream().map(answerKey).filter(Objects::nonNull).forEach(keys::add);
            var result = new TreeMap<String, Kpis>();
            keys.stream().distinct().forEach(k -> result.put(k,
                    kpis(f -> k.equals(key.apply(f)), a -> k.equals(answerKey.apply(a)))));
            return result;
        }

        Kpis kpis(Predicate<ConversationFacts.Fact> fact, Predicate<CsatSurveys.Answer> answer) {
            List<ConversationFacts.Fact> created = all.stream().filter(fact).filter(f -> in(f.createdAt())).toList();
            List<ConversationFacts.Fact> resolved = all.stream().filter(fact).filter(f -> in(f.resolvedAt())).toList();
            List<CsatSurveys.Answer> scored = answers.stream().filter(answer).toList();
            return new Kpis(created.size(),
                    average(created.stream().filter(f -> f.firstResponseAt() != null)
                            .map(f -> Duration.between(f.createdAt(), f.firstResponseAt())).toList()),
                    resolved.size(),
                    average(resolved.stream().map(f -> Duration.between(f.createdAt(), f.resolvedAt())).toList()),
                    share(resolved, f -> !f.humanInvolved()),
                    share(created, ConversationFacts.Fact::reachedHumanQueue),
                    created.stream().filter(this::isRepeat).count(),
                    scored.isEmpty() ? null : scored.stream().mapToInt(CsatSurveys.Answer::score).average().orElseThrow(),
                    scored.size(),
                    all.stream().filter(fact).filter(f -> in(f.slaBreachedAt())).count());
        }

        private boolean isRepeat(ConversationFacts.Fact f) {
            String intent = intent(f);
            return byCustomer.get(f.customerId()).stream().anyMatch(other -> !other.conversationId().equals(f.conversationId())
                    && Objects.equals(intent(other), intent)
                    && other.createdAt().isBefore(f.createdAt())
                    && !other.createdAt().isBefore(f.createdAt().minus(repeatWindow)));
        }

        private static String intent(ConversationFacts.Fact f) {
            return f.intent() != null ? f.intent() : f.queue();
        }

        private boolean in(Instant at) {
            return at != null && !at.isBefore(from) && !at.isAfter(to);
        }

        private static Double average(List<Duration> durations) {
            return durations.isEmpty() ? null
                    : durations.stream().mapToLong(Duration::toMillis).average().orElseThrow() / 1000.0;
        }

        private static Double share(List<ConversationFacts.Fact> facts, Predicate<ConversationFacts.Fact> which) {
            return facts.isEmpty() ? null : (double) facts.stream().filter(which).count() / facts.size();
        }
    }
}
