package io.switchboard.routing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of phrases from configuration, matched on whole words of a folded text (lower case, no
 * accents, punctuation and apostrophes as spaces). In a phrase, {@code word*} matches any word
 * starting with {@code word} and {@code ~} up to four words of any kind.
 */
final class Phrases {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final List<Pattern> patterns;

    private Phrases(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    static Phrases of(Collection<String> phrases) {
        List<Pattern> patterns = new ArrayList<>();
        for (String phrase : phrases) {
            List<String> parts = new ArrayList<>();
            for (String token : phrase.strip().split("\\s+")) {
                if (token.equals("~")) {
                    parts.add("(?:\\S+ ){0,4}");
                } else if (!fold(token).isEmpty()) {
                    String word = Pattern.quote(fold(token)) + (token.endsWith("*") ? "\\S*" : "");
                    parts.add(word + " ");
                }
            }
            while (!parts.isEmpty() && parts.get(parts.size() - 1).startsWith("(?:")) {
                parts.remove(parts.size() - 1);
            }
            if (!parts.isEmpty()) {
                String body = String.join("", parts);
                patterns.add(Pattern.compile("(?<=^| )" + body.substring(0, body.length() - 1) + "(?= |$)"));
            }
        }
        return new Phrases(List.copyOf(patterns));
    }

    /** Lower case, accents removed, every run of characters other than letters and digits as one space. */
    static String fold(String text) {
        String lower = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return NOT_WORD.matcher(MARKS.matcher(lower).replaceAll("").replace("ß", "ss")).replaceAll(" ").strip();
    }

    boolean foundIn(String folded) {
        return patterns.stream().anyMatch(p -> p.matcher(folded).find());
    }

    /** The folded text with every occurrence of these phrases replaced by a word no phrase contains. */
    String removeFrom(String folded) {
        String result = folded;
        for (Pattern pattern : patterns) {
            result = pattern.matcher(result).replaceAll("\u0000");
        }
        return result;
    }

    /** The word index at which each occurrence starts, in the text split on single spaces. */
    List<Integer> startsIn(String folded) {
        List<Integer> starts = new ArrayList<>();
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(folded);
            while (matcher.find()) {
                starts.add(wordIndex(folded, matcher.start()));
            }
        }
        return starts;
    }

    private static int wordIndex(String folded, int offset) {
        int words = 0;
        for (int i = 0; i < offset; i++) {
            if (folded.charAt(i) == ' ') {
                words++;
            }
        }
        return words;
    }
}
