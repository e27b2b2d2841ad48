package io.switchboard.inbox;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How text is cut into search terms, the same for what is indexed and for what an agent types: lower
 * case, accents removed, split at anything that is not a letter or a digit. An e-mail address is also
 * one term whole; a phone number, however it is written ({@code +1 415 555 0123}, {@code (415)
 * 555-0123}, {@code 4155550123}), is also the term of its last ten digits, so any of those forms finds
 * the others. An agent's phone number or e-mail address counts as that one term, not its pieces.
 * Words in nearly every message ({@link #STOPWORDS}) and single letters are neither indexed nor
 * looked for.
 */
final class SearchTerms {

    static final int MAX_TERM = 64;
    static final Pattern EMAIL = Pattern.compile(
            "(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}");
    /** Digits with the separators people write phone numbers with; 7 to 15 digits in all. */
    static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\(?\\d[\\d ().-]{5,22}\\d(?!\\w)");
    static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /**
     * Words in nearly every message, which find nothing and would make most of the index: left out of
     * what is indexed and of what is looked for, as single letters are (English, Spanish, French,
     * German; folded).
     */
    static final Set<String> STOPWORDS = Set.of(
            "the", "and", "or", "to", "of", "in", "on", "at", "is", "it", "its", "be", "am", "are", "was", "my", "me",
            "we", "you", "your", "our", "this", "that", "for", "with", "an", "as", "do", "does", "can", "have", "has",
            "hi", "hello", "thanks", "please", "there", "what", "how", "when", "not", "no", "so", "if", "but",
            "el", "la", "los", "las", "de", "del", "que", "en", "un", "una", "por", "para", "con", "mi", "es", "se",
            "le", "les", "des", "du", "et", "est", "pour", "je", "vous", "mon", "ma",
            "der", "die", "das", "und", "ist", "ich", "sie", "mit", "fur", "ein", "eine", "zu", "nicht", "mein");

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
        WORD.matcher(folded).results().map(m -> m.group()).filter(SearchTerms::worthIndexing).forEach(terms::add);
        return terms;
    }

    /** A word that finds something: two characters or more (a digit alone counts), not a stopword. */
    private static boolean worthIndexing(String word) {
        return word.length() <= MAX_TERM && (word.length() > 1 || Character.isDigit(word.charAt(0)))
                && !STOPWORDS.contains(word);
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
        WORD.matcher(rest).results().map(m -> m.group()).filter(SearchTerms::worthIndexing).forEach(terms::add);
        return terms;
    }

    /** Lower case without accents ({@code Zürich} is {@code zurich}). */
    static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** A phone number's term: its last ten digits (all of them when it has fewer), 7 to 15 digits. */
    static Optional<String> phoneTerm(String written) {
        String digits = written.replaceAll("\\D", "");
        if (digits.length() < 7 || digits.length() > 15) {
            return Optional.empty();
        }
        return Optional.of(digits.length() > 10 ? digits.substring(digits.length() - 10) : digits);
    }
}
