package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a run, one row each, and the guarantee counts; printed as a table and written as Markdown. */
final class Results {

    private record Row(String what, String value, String unit, String ceiling, String ratio) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long lost;
    private long duplicated;
    private long sentTwice;

    void add(String what, double value, String unit) {
        rows.add(new Row(what, format(value), unit, "", ""));
    }

    /** A figure beside the most it could be, and its share of that. */
    void add(String what, double value, String unit, double ceiling) {
        rows.add(new Row(what, format(value), unit, format(ceiling), "%.2f".formatted(value / ceiling)));
    }

    void count(String what, long count, String unit) {
        rows.add(new Row(what, "%,d".formatted(count), unit, "", ""));
    }

    void text(String what, String value, String unit) {
        rows.add(new Row(what, value, unit, "", ""));
    }

    /** A remark printed under the table. */
    void note(String text) {
        notes.add(text);
    }

    void lost(long count) {
        lost += count;
    }

    void duplicated(long count) {
        duplicated += count;
    }

    void sentTwice(long count) {
        sentTwice += count;
    }

    boolean guaranteesHeld() {
        return lost == 0 && duplicated == 0 && sentTwice == 0;
    }

    String guarantees() {
        return "lost: %d, duplicated: %d, sent twice: %d".formatted(lost, duplicated, sentTwice);
    }

    /** The table with aligned columns, then the guarantee counts. */
    String table() {
        var all = new ArrayList<Row>();
        all.add(new Row("what", "value", "unit", "ceiling", "ratio"));
        all.addAll(rows);
        int[] widths = new int[5];
        for (Row row : all) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        var text = new StringBuilder();
        for (Row row : all) {
            String[] cells = cells(row);
            text.append(String.format(Locale.ROOT, "%-" + widths[0] + "s  %" + widths[1] + "s  %-" + widths[2] + "s  %"
                    + widths[3] + "s  %" + widths[4] + "s", (Object[]) cells).stripTrailing()).append('\n');
        }
        notes.forEach(note -> text.append("note: ").append(note).append('\n'));
        return text.append(guarantees()).append('\n').toString();
    }

    /** {@code results.md}: when, how and on what it ran, then the table. */
    void write(Path file, String commandLine, String javaVersion) throws IOException {
        var md = new StringBuilder("# Switchboard benchmark\n\n")
                .append("- date: ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append('\n')
                .append("- command: `").append(commandLine).append("`\n")
                .append("- cores: ").append(Runtime.getRuntime().availableProcessors()).append('\n')
                .append("- java: ").append(javaVersion.strip().replace("\n", "; ")).append('\n')
                .append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append("\n\n")
                .append("| what | value | unit | ceiling | ratio |\n|---|---:|---|---:|---:|\n");
        rows.forEach(row -> md.append("| ").append(String.join(" | ", cells(row))).append(" |\n"));
        md.append('\n');
        notes.forEach(note -> md.append("Note: ").append(note).append("\n\n"));
        md.append(guarantees()).append('\n');
        Files.writeString(file, md);
    }

    private static String[] cells(Row row) {
        return new String[] {row.what(), row.value(), row.unit(), row.ceiling(), row.ratio()};
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        return String.format(Locale.ROOT, magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : "%.2f", value);
    }
}
