package io.switchboard.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code text,category} CSV file (RFC 4180: quoted fields may hold commas, doubled quotes and
 * line breaks). Written here because no CSV library is on the classpath and the format is small;
 * a naive split on commas breaks on a fifth of banking77's rows.
 */
final class LabelledCsv {

    /** One labelled utterance. */
    record Row(String text, String category) {
    }

    private LabelledCsv() {
    }

    static List<Row> read(Path file) throws IOException {
        List<List<String>> records = parse(Files.readString(file, StandardCharsets.UTF_8));
        if (records.isEmpty()) {
            throw new IllegalArgumentException(file.getFileName() + " is empty");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        int text = header.indexOf("text");
        int category = header.indexOf("category");
        if (text < 0 || category < 0) {
            throw new IllegalArgumentException(file.getFileName() + " needs a header with columns text and category");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue;
            }
            if (record.size() <= Math.max(text, category)) {
                throw new IllegalArgumentException(file.getFileName() + ": record " + i + " has too few fields");
            }
            rows.add(new Row(record.get(text), record.get(category).strip()));
        }
        return rows;
    }

    static List<List<String>> parse(String content) {
        String data = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < data.length() && data.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("the CSV ends inside a quoted field");
        }
        if (any) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
