package io.switchboard.inbox;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a queue is staffed: weekly opening windows in a time zone, minus holidays. No windows
 * means around the clock (holidays still close it).
 *
 * @param zone     the queue's time zone
 * @param windows  opening windows, e.g. Monday 09:00 to 17:00
 * @param holidays dates (in {@code zone}) the queue is closed all day
 */
public record BusinessHours(ZoneId zone, List<Window> windows, Set<LocalDate> holidays) {

    private static final Pattern LINE = Pattern.compile(
            "(?<from>[a-z]{3})(?:-(?<to>[a-z]{3}))?\\s+(?<open>\\d{2}:\\d{2})-(?<close>\\d{2}:\\d{2})");
    private static final int SEARCH_DAYS = 400;

    public static final BusinessHours ALWAYS = new BusinessHours(ZoneId.of("UTC"), List.of(), Set.of());

    /** One weekly window; {@code close} of {@code null} means until midnight. */
    public record Window(DayOfWeek day, LocalTime open, LocalTime close) {
        public Window {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(open, "open");
            if (close != null && !close.isAfter(open)) {
                throw new IllegalArgumentException("an opening window closes after it opens (" + open + "-" + close
                        + "); split windows that cross midnight");
            }
        }
    }

    public BusinessHours {
        Objects.requireNonNull(zone, "zone");
        windows = windows == null ? List.of() : List.copyOf(windows);
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
    }

    /**
     * Reads lines such as {@code mon-fri 09:00-17:00} or {@code sat 10:00-14:00}; {@code 24:00}
     * closes at midnight. No lines: open around the clock.
     */
    public static BusinessHours parse(String zone, List<String> schedule, List<LocalDate> holidays) {
        var windows = new ArrayList<Window>();
        for (String line : schedule == null ? List.<String>of() : schedule) {
            Matcher m = LINE.matcher(line.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("business hours '" + line + "': expected e.g. 'mon-fri 09:00-17:00'");
            }
            DayOfWeek first = day(m.group("from"));
            DayOfWeek last = m.group("to") == null ? first : day(m.group("to"));
            LocalTime open = LocalTime.parse(m.group("open"));
            LocalTime close = "24:00".equals(m.group("close")) ? null : LocalTime.parse(m.group("close"));
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                windows.add(new Window(d, open, close));
                if (d == last) {
                    break;
                }
            }
        }
        return new BusinessHours(ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone), windows,
                holidays == null ? Set.of() : Set.copyOf(holidays));
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        return windowsOn(local.toLocalDate()).stream().anyMatch(w -> {
            Instant[] span = span(local.toLocalDate(), w);
            return !at.isBefore(span[0]) && at.isBefore(span[1]);
        });
    }

    /** The next moment the queue is open, {@code at} itself when it is open; empty when it never opens. */
    public Optional<Instant> nextOpening(Instant at) {
        if (isOpen(at)) {
            return Optional.of(at);
        }
        LocalDate day = at.atZone(zone).toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            for (Window w : windowsOn(day)) {
                Instant open = span(day, w)[0];
                if (open.isAfter(at)) {
                    return Optional.of(open);
                }
            }
        }
        return Optional.empty();
    }

    /** How much of the time between {@code from} and {@code to} the queue was open: what an SLA counts. */
    public Duration openTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(zone).toLocalDate();
        for (int i = 0; !day.isAfter(last) && i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            for (Window w : windowsOn(day)) {
                Instant[] span = span(day, w);
                Instant start = span[0].isAfter(from) ? span[0] : from;
                Instant end = span[1].isBefore(to) ? span[1] : to;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    private List<Window> windowsOn(LocalDate day) {
        if (holidays.contains(day)) {
            return List.of();
        }
        if (windows.isEmpty()) {
            return List.of(new Window(day.getDayOfWeek(), LocalTime.MIDNIGHT, null));
        }
        return windows.stream().filter(w -> w.day() == day.getDayOfWeek())
                .sorted(Comparator.comparing(Window::open)).toList();
    }

    private Instant[] span(LocalDate day, Window w) {
        Instant open = ZonedDateTime.of(day, w.open(), zone).toInstant();
        Instant close = w.close() == null ? day.plusDays(1).atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(day, w.close(), zone).toInstant();
        return new Instant[] {open, close};
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : EnumSet.allOf(DayOfWeek.class)) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(abbreviation)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + abbreviation + "', expected mon, tue, ... sun");
    }
}
