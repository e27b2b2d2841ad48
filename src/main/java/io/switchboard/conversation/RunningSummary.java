package io.switchboard.conversation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Folds turns that leave the hot window into a bounded, extractive summary: one dated line per
 * turn (channel, author, the start of the text), newest kept when the budget is spent. It never
 * invents text; a responder with a model may write a better one on top.
 */
final class RunningSummary {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final int LINE_CHARS = 200;
    /** A line's head: {@code [2026-12-01 09:30 sms customer]}. */
    private static final Pattern LINE = Pattern.compile("\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}) (\\S+) \\S+\\]");

    private RunningSummary() {
    }

    /**
     * The summary without its lines of this kind of text ({@link Turn#textKind()}: a line of a call is
     * a transcript's, any other a message's; notes never fold in) dated before {@code before}: dated to
     * the minute, a line may go up to a minute early, never late.
     */
    static String without(String summary, String kind, Instant before) {
        if (summary == null || summary.isEmpty()) {
            return "";
        }
        return summary.lines().filter(line -> !(kind.equals(kindOf(line)) && datedBefore(line, before)))
                .collect(Collectors.joining("\n"));
    }

    private static String kindOf(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.lookingAt()) {
            return null;
        }
        return Turn.VOICE.equals(m.group(2)) ? Turn.TRANSCRIPTS : Turn.MESSAGE_TEXT;
    }

    private static boolean datedBefore(String line, Instant before) {
        Matcher m = LINE.matcher(line);
        return m.lookingAt() && WHEN.parse(m.group(1), Instant::from).isBefore(before);
    }

    static String fold(String summary, Turn turn, int maxChars) {
        if (!turn.visible() && turn.author() != Author.SYSTEM) {
            return summary == null ? "" : summary;
        }
        String text = turn.text().replaceAll("\\s+", " ").strip();
        if (text.length() > LINE_CHARS) {
            text = text.substring(0, LINE_CHARS - 1) + "…";
        }
        String line = "[" + WHEN.format(turn.at()) + " " + (turn.channel() == null ? "-" : turn.channel()) + " "
                + turn.author().wireName() + "] " + text;
        Deque<String> lines = new ArrayDeque<>();
        if (summary != null && !summary.isEmpty()) {
            summary.lines().forEach(lines::addLast);
        }
        lines.addLast(line);
        int length = lines.stream().mapToInt(l -> l.length() + 1).sum();
        while (length > maxChars && lines.size() > 1) {
            length -= lines.removeFirst().length() + 1;
        }
        return String.join("\n", lines);
    }
}
