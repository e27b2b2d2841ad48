package io.switchboard.routing;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a {@code text,category} CSV file with a header (RFC 4180: quoted fields may hold commas,
 * doubled quotes and line breaks; a naive split on commas breaks on a fifth of banking77's rows).
 */
final class LabelledCsv {

    /** One labelled utterance. */
    record Row(String text, String category) {
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setTrim(false).setIgnoreEmptyLines(true).get();

    private LabelledCsv() {
    }

    static List<Row> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = FORMAT.parse(skipByteOrderMark(in))) {
            List<String> header = parser.getHeaderNames().stream().map(String::strip).toList();
            int text = header.indexOf("text");
            int category = header.indexOf("category");
            if (text < 0 || category < 0) {
                throw new IllegalArgumentException(file.getFileName() + " needs a header with columns text and category");
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (record.size() <= Math.max(text, category)) {
                    throw new IllegalArgumentException(file.getFileName() + ": record " + record.getRecordNumber()
                            + " has too few fields");
                }
                rows.add(new Row(record.get(text), record.get(category).strip()));
            }
            return rows;
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(file.getFileName() + ": " + e.getCause().getMessage(), e);
        }
    }

    private static Reader skipByteOrderMark(Reader in) throws IOException {
        var buffered = new PushbackReader(in, 1);
        int first = buffered.read();
        if (first != -1 && first != '\uFEFF') {
            buffered.unread(first);
        }
        return buffered;
    }
}
