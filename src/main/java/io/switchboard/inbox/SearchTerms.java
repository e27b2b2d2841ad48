package io.switchboard.inbox;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How text is cut into search terms, the same for what is indexed and for what an agent types: lower
 * case, accents removed, split at anything that is not a letter or a digit. An e-mail address is also
 * one term whole; a phone number, however it is written ({@code +1 415 555 0123}, {@code (415)
 * 555-0123}, {@code 4155550123}), is also the term of its last ten digits, so any of those forms finds
 * the others. An agent's phone number or e-mail address counts as that one term, not its pieces.
 */
final class SearchTerms {

    static final int MAX_TERM = 64;
    private static final Pattern EMAIL = Pattern.compile(
            "(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}");
    /** Digits with the separators people write phone numbers with; 7 to 15 digits in all. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\(?\\d[\\d ().-]{5,22}\\d(?!\\w)");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private SearchTerms() {
    }

    /** The terms a text is found by. */
    static Set<String> ofText(String text) {
        var terms = new LinkedHashSet<String>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        String folded = fold(text);
        EMAIL.matcher(folded).results().map(m -> m.group()).filter(t -> t.length() <= MAX_TERM).forEach(terms::add);
        Matcher phone = PHONE.matcher(folded);
        while (phone.find()) {
            phoneTerm(phone.group()).ifPresent(terms::add);
        }
        WORD.matcher(folded).results().map(m -> m.group()).filter(t -> t.length() <= MAX_TERM).forEach(terms::add);
        return terms;
    }

    /**
     * The terms all of which a turn must have to match what an agent typed: an e-mail address or a
     * phone number in it is one term; the rest is words.
     */
    static Set<String> ofQuery(String query) {
        var terms = new LinkedHashSet<String>();
        if (query == null || query.isBlank()) {
            return terms;
        }
        String rest = fold(query);
        Matcher email = EMAIL.matcher(rest);
        var withoutEmails = new StringBuilder();
        int last = 0;
        while (email.find()) {
            terms.add(email.group());
            withoutEmails.append(rest, last, email.start()).append(' ');
            last = email.end();
        }
        rest = withoutEmails.append(rest.substring(last)).toString();
        Matcher phone = PHONE.matcher(rest);
        var withoutPhones = new StringBuilder();
        last = 0;
        while (phone.find()) {
            var term = phoneTerm(phone.group());
            if (term.isPresent()) {
                terms.add(term.get());
                withoutPhones.append(rest, last, phone.start()).append(' ');
                last = phone.end();
            }
        }
        rest = withoutPhones.append(rest.substring(last)).toString();
        WORD.matcher(rest).results().map(m -> m.group()).filter(t -> t.length() <= MAX_TERM).forEach(terms::add);
        return terms;
    }

    /** Lower case without accents ({@code Zürich} is {@code zurich}). */
    static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** A phone number's term: its last ten digits (all of them when it has fewer), 7 to 15 digits. */
    private static java.util.Optional<String> phoneTerm(String written) {
        String digits = written.replaceAll("\\D", "");
        if (digits.length() < 7 || digits.length() > 15) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(digits.length() > 10 ? digits.substring(digits.length() - 10) : digits);
    }
}
