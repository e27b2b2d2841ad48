package io.switchboard.responder;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The trust layer's masking: personal data is replaced before any text reaches a model, a log or a
 * reply. Order numbers, dates and amounts stay, because an agent or the model needs them and they
 * identify nobody on their own.
 *
 * <p>What is masked, in this order (earlier rules win, so a card number is never also a phone):
 * <ul>
 * <li>payment card numbers, 13 to 19 digits with optional spaces or dashes, only when the Luhn
 * check passes: {@code [card ****1234]} (the last four let an agent match the card, nothing more);</li>
 * <li>IBANs, written in capitals as banks print them, whose mod-97 check passes: {@code [iban]};</li>
 * <li>e-mail addresses: {@code [email]};</li>
 * <li>US social security numbers {@code 123-45-6789}: {@code [id]}; configured patterns: {@code [label]};</li>
 * <li>phone numbers: {@code [phone]}, see {@link #PHONE_NUMBER}.</li>
 * </ul>
 */
public final class PersonalData {

    private static final Pattern CARD_NUMBER = Pattern.compile("(?<![\\w+])\\d(?:[ -]?\\d){12,18}(?!\\w)");
    private static final Pattern IBAN_NUMBER = Pattern.compile("(?<!\\w)[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?!\\w)");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile(
            "(?i)(?<![\\w.+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}(?!\\w)");
    private static final Pattern SSN = Pattern.compile("(?<![\\w-])\\d{3}-\\d{2}-\\d{4}(?![\\w-])");
    /**
     * Phone heuristic: an optional {@code +} or {@code 00}, then digits with spaces, dots, dashes or
     * brackets between them, 8 to 15 digits in all (E.164 allows at most 15; shorter runs are order
     * numbers, amounts, years). Not a phone: a candidate glued to letters or {@code #} (order
     * {@code #A12345}, {@code AB-12345678}), one right after a word like order, invoice, ref,
     * tracking, parcel, ticket or customer number, or one shaped like a date (2026-11-23, 23.11.2026,
     * 23/11/2026) or an amount (1.234,56). A bare run of 8+ digits with no such word before it is
     * taken for a phone: masking a number too many costs less than leaking one.
     */
    private static final Pattern PHONE_NUMBER = Pattern.compile(
            "(?<![\\w#/+.-])(?:\\+|00)?\\(?\\d[\\d ().-]{5,22}\\d(?![\\w/])");
    private static final Pattern REFERENCE_BEFORE = Pattern.compile(
            "(?i)(?:\\b(?:order|orders|invoice|ref|reference|tracking|parcel|package|ticket|case|customer|item|sku|"
                    + "article)(?:\\s*(?:number|no|nr|id))?|#)[\\s.:#-]*$");
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,3}(?:[.,]\\d{3})+(?:[.,]\\d{2})?|\\d+[.,]\\d{2}");

    private final List<LabelledPattern> extra;

    private record LabelledPattern(String label, Pattern pattern) {
    }

    public PersonalData(List<AiProperties.MaskPattern> extraPatterns) {
        var compiled = new ArrayList<LabelledPattern>();
        for (var p : extraPatterns == null ? List.<AiProperties.MaskPattern>of() : extraPatterns) {
            compiled.add(new LabelledPattern(p.label().strip(), Pattern.compile(p.regex())));
        }
        this.extra = List.copyOf(compiled);
    }

    public PersonalData() {
        this(List.of());
    }

    /** The built-in categories; configured patterns add theirs, by their label. */
    public static final String CARD = "card";
    public static final String IBAN = "iban";
    public static final String EMAIL = "email";
    public static final String ID = "id";
    public static final String PHONE = "phone";
    /** What must never be found in clear: what the search index keeps masked. */
    private static final Set<String> SECRETS = Set.of(CARD, IBAN, ID);

    /** The text with personal data replaced by placeholders; null stays null. */
    public String mask(String text) {
        return mask(text, null);
    }

    /**
     * The text with what must never be found in clear masked (cards, IBANs, identity numbers,
     * configured patterns), leaving e-mail addresses and phone numbers, by which agents look
     * customers up: what the search index keeps.
     */
    public String maskSecrets(String text) {
        return mask(text, category -> SECRETS.contains(category) || labels().contains(category));
    }

    /** The configured patterns' labels. */
    public Set<String> labels() {
        return extra.stream().map(LabelledPattern::label).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The text with the categories {@code masked} accepts replaced by placeholders (all when it is
     * null); null stays null. Earlier categories win: a card number is never also a phone.
     */
    public String mask(String text, Predicate<String> masked) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Predicate<String> on = masked == null ? category -> true : masked;
        String out = text;
        if (on.test(CARD)) {
            out = replace(out, CARD_NUMBER, m -> {
                String digits = m.group().replaceAll("\\D", "");
                return luhn(digits) ? "[card ****" + digits.substring(digits.length() - 4) + "]" : null;
            });
        }
        if (on.test(IBAN)) {
            out = replace(out, IBAN_NUMBER, m -> validIban(m.group()) ? "[iban]" : null);
        }
        if (on.test(ID)) {
            out = replace(out, SSN, m -> "[id]");
        }
        for (LabelledPattern p : extra) {
            if (on.test(p.label())) {
                out = replace(out, p.pattern(), m -> "[" + p.label() + "]");
            }
        }
        // an e-mail address holds no identity number; a phone is looked for last, in what is left
        if (on.test(EMAIL)) {
            out = replace(out, EMAIL_ADDRESS, m -> "[email]");
        }
        if (on.test(PHONE)) {
            final String before = out;
            out = replace(out, PHONE_NUMBER, m -> isPhone(before, m) ? "[phone]" : null);
        }
        return out;
    }

    private static boolean isPhone(String text, Matcher m) {
        String candidate = m.group().strip();
        long digits = candidate.chars().filter(Character::isDigit).count();
        if (digits < 8 || digits > 15) {
            return false;
        }
        if (DATE.matcher(candidate).matches() || AMOUNT.matcher(candidate).matches()) {
            return false;
        }
        String lead = text.substring(Math.max(0, m.start() - 24), m.start());
        return !REFERENCE_BEFORE.matcher(lead.toLowerCase(Locale.ROOT)).find();
    }

    /** Replaces each match by what {@code replacement} gives, or leaves it when that is null. */
    private static String replace(String text, Pattern pattern, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        var out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String r = replacement.apply(m);
            if (r != null) {
                out.append(text, last, m.start()).append(r);
                last = m.end();
            }
        }
        return last == 0 ? text : out.append(text, last, text.length()).toString();
    }

    static boolean luhn(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    static boolean validIban(String candidate) {
        String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34 || !iban.substring(2, 4).chars().allMatch(Character::isDigit)) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        var numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            if (Character.isDigit(c)) {
                numeric.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                numeric.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
