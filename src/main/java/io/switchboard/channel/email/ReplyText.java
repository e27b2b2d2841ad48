package io.switchboard.channel.email;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The new part of a reply: what the customer wrote above the quoted earlier messages and their
 * signature. Mail carries no structure for this (no library can ask the MIME tree), so it is read
 * from the conventions mail clients follow; the full text stays in the archive for agents.
 */
final class ReplyText {

    /** Lines after which everything is the quoted conversation or a signature. */
    private static final List<Pattern> CUT_BEFORE = List.of(
            Pattern.compile("^-- ?$"),
            Pattern.compile("^-{2,}\\s*(original message|ursprüngliche nachricht|message d'origine|forwarded message)"
                    + "\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^_{20,}\\s*$"),
            Pattern.compile("^(sent from my|envoyé de mon|von meinem) .{1,40}$", Pattern.CASE_INSENSITIVE));
    /** "On <date>, <someone> wrote:", possibly wrapped over two lines, in a few languages. */
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "^(on|am|le|el|op|il)\\s.{4,300}(wrote|schrieb|a écrit|escribió|schreef|ha scritto)\\s?:\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** An Outlook header block: "From: ..." with "Sent:" or "Date:" right below. */
    private static final Pattern HEADER_FROM = Pattern.compile("^\\*?(from|von|de)\\s?:\\*?\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_SENT = Pattern.compile("^\\*?(sent|date|gesendet|datum|envoyé)\\s?:\\*?\\s.+",
            Pattern.CASE_INSENSITIVE);

    private ReplyText() {
    }

    /** The newest part of {@code text}; the whole text when nothing but a quote would be left. */
    static String newest(String text) {
        List<String> lines = Arrays.asList(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (startsQuote(lines, i)) {
                end = i;
                break;
            }
        }
        while (end > 0 && (lines.get(end - 1).isBlank() || lines.get(end - 1).startsWith(">"))) {
            end--;
        }
        String newest = String.join("\n", lines.subList(0, end)).strip();
        return newest.isEmpty() ? text.strip() : newest;
    }

    private static boolean startsQuote(List<String> lines, int i) {
        String line = lines.get(i).strip();
        if (CUT_BEFORE.stream().anyMatch(p -> p.matcher(line).matches())) {
            return true;
        }
        if (ATTRIBUTION.matcher(line).matches()) {
            return true;
        }
        if (i + 1 < lines.size() && ATTRIBUTION.matcher(line + " " + lines.get(i + 1).strip()).matches()) {
            return true;
        }
        if (HEADER_FROM.matcher(line).matches()) {
            for (int j = i + 1; j < Math.min(lines.size(), i + 4); j++) {
                if (HEADER_SENT.matcher(lines.get(j).strip()).matches()) {
                    return true;
                }
            }
        }
        return false;
    }
}
