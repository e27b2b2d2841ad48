package io.switchboard.conversation;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Folds turns that leave the hot window into a bounded, extractive summary: one dated line per
 * turn (channel, author, the start of the text), newest kept when the budget is spent. It never
 * invents text; a responder with a model may write a better one on top.
 */
final class RunningSummary {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final int LINE_CHARS = 200;

    private RunningSummary() {
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
