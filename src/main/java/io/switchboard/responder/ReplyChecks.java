package io.switchboard.responder;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The trust checks a generated reply passes before a customer sees it: it says only what the
 * retrieved knowledge says, it does not repeat our instructions, and it does not claim to have done
 * something (a refund, a cancellation) that only a person or another system can do.
 */
final class ReplyChecks {

    static final String NOT_GROUNDED = "the AI's answer is not supported by the knowledge base";
    static final String LEAK = "the AI's answer repeats its instructions";
    static final String CLAIM = "the AI's answer claims an action it cannot take";
    static final String EMPTY = "the AI model gave an empty answer";

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,:]\\d+)*");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Set<String> STOPWORDS = Set.of(("a an the and or but if then than so to of in on at by for "
            + "with from as is are was were be been being it its this that these those you your yours we our ours us "
            + "i me my he she they them their can could will would shall should may might must do does did done have "
            + "has had not no yes please thank thanks hello hi dear any all some more most very just also about into "
            + "out up down over under again there here when where what which who whom how why let know glad help "
            + "hope happy question questions").split(" "));
    private static final int SUBSTANTIVE_WORDS = 3;
    /** A reply sharing this many word sequences of {@link #SHINGLE} words with the instructions repeats them. */
    private static final int LEAK_SHINGLES = 2;
    private static final int SHINGLE = 5;
    private static final List<Pattern> CLAIMS = List.of(
            Pattern.compile("(?i)\\bI(?:['’]ve| have| had|['’]ll| will)?\\s+(?:now\\s+|just\\s+|already\\s+|successfully\\s+)?"
                    + "(?:refunded|cancell?ed|processed|issued|credited|reversed|reset|changed|updated|shipped|"
                    + "re-?sent|sent you|approved|arranged|gone ahead|taken care)\\b"),
            Pattern.compile("(?i)\\b(?:your|the)\\s+(?:refund|order|cancellation|return|payment|money|address|"
                    + "password|replacement|exchange|credit)(?:\\s+(?:no\\.?|number|#)?\\s*[a-z]{0,3}-?\\d{3,12})?"
                    + "\\s+(?:has|have|is|was)\\s+(?:now\\s+|already\\s+)?(?:been\\s+)?"
                    + "(?:issued|processed|cancell?ed|refunded|approved|changed|updated|credited|reset|sent|arranged)\\b"),
            Pattern.compile("(?i)\\bI\\s+(?:refunded|cancell?ed|processed|issued|credited|changed|updated)\\b"));

    private final EmbeddingModel embeddingModel;
    private final AiProperties.Thresholds thresholds;
    private final Set<String> instructionShingles;

    ReplyChecks(EmbeddingModel embeddingModel, AiProperties.Thresholds thresholds, String instructions) {
        this.embeddingModel = embeddingModel;
        this.thresholds = thresholds;
        this.instructionShingles = shingles(instructions);
    }

    /**
     * Whether the reply may be sent: the first failed check, or the passages (by index) that support
     * it, which are the ones to cite. Figures the customer gave may be repeated.
     */
    Verdict check(String reply, List<String> passages, String customerText) {
        return check(reply, passages, customerText, List.of());
    }

    /**
     * As {@link #check(String, List, String)}, but a sentence claiming an action passes where it names an
     * order the gateway did that action to in this conversation ({@code performed}, from its action turns):
     * the claim is then true, and the model did not make it up.
     */
    Verdict check(String reply, List<String> passages, String customerText, List<PerformedAction> performed) {
        if (reply == null || reply.isBlank()) {
            return Verdict.failed(EMPTY, "empty");
        }
        if (leaks(reply)) {
            return Verdict.failed(LEAK, "leak");
        }
        for (Pattern claim : CLAIMS) {
            Matcher m = claim.matcher(reply);
            while (m.find()) {
                if (!wasPerformed(sentenceAt(reply, m.start()), performed)) {
                    return Verdict.failed(CLAIM, "claim");
                }
            }
        }
        return grounding(reply, passages, customerText);
    }

    private static boolean wasPerformed(String sentence, List<PerformedAction> performed) {
        String lower = sentence.toLowerCase(Locale.ROOT);
        return performed.stream().anyMatch(p -> Pattern.compile("\\b" + Pattern.quote(p.order().toLowerCase(
                Locale.ROOT)) + "\\b").matcher(lower).find() && lower.contains(p.stem()));
    }

    /** The sentence of {@code text} around {@code index}. */
    private static String sentenceAt(String text, int index) {
        int start = index;
        while (start > 0 && ".!?\n".indexOf(text.charAt(start - 1)) < 0) {
            start--;
        }
        int end = index;
        while (end < text.length() && ".!?\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(start, end);
    }

    /**
     * @param failure    the first failed check, or null
     * @param supporting indexes of the passages that support the reply, when it passed
     */
    record Verdict(Failure failure, Set<Integer> supporting) {
        static Verdict failed(String reason, String check) {
            return new Verdict(new Failure(reason, check), Set.of());
        }

        boolean passed() {
            return failure == null;
        }
    }

    /** One failed check: the reason for the agent and a short code for the figures. */
    record Failure(String reason, String check) {
    }

    private boolean leaks(String reply) {
        String lower = reply.toLowerCase(Locale.ROOT);
        if (lower.contains("customer_message") || lower.contains("<knowledge") || lower.contains("conversation_summary")) {
            return true;
        }
        return shingles(reply).stream().filter(instructionShingles::contains).count() >= LEAK_SHINGLES;
    }

    private Verdict grounding(String reply, List<String> passages, String customerText) {
        var substantive = sentences(reply).stream().filter(s -> contentWords(s).size() >= SUBSTANTIVE_WORDS).toList();
        if (substantive.isEmpty() || passages.isEmpty()) {
            return Verdict.failed(NOT_GROUNDED, "grounding");
        }
        Set<String> knownNumbers = passages.stream().flatMap(p -> numbers(p).stream())
                .collect(Collectors.toCollection(HashSet::new));
        knownNumbers.addAll(numbers(customerText == null ? "" : customerText));
        for (String sentence : substantive) {
            // embeddings barely tell "30 days" from "90 days": a figure the knowledge does not state is not grounded
            if (!knownNumbers.containsAll(numbers(sentence))) {
                return Verdict.failed(NOT_GROUNDED, "grounding:figure");
            }
        }
        var toEmbed = new ArrayList<TextSegment>();
        substantive.forEach(s -> toEmbed.add(TextSegment.from(s)));
        var owner = new ArrayList<Integer>();
        for (int p = 0; p < passages.size(); p++) {
            for (String s : sentences(passages.get(p))) {
                toEmbed.add(TextSegment.from(s));
                owner.add(p);
            }
        }
        List<Set<String>> passageWords = passages.stream().map(p -> Set.copyOf(contentWords(p))).toList();
        List<Embedding> vectors = embeddingModel.embedAll(toEmbed).content();
        var supporting = new TreeSet<Integer>();
        for (int i = 0; i < substantive.size(); i++) {
            double best = -1;
            int bestPassage = -1;
            for (int j = substantive.size(); j < vectors.size(); j++) {
                double cosine = CosineSimilarity.between(vectors.get(i), vectors.get(j));
                if (cosine > best) {
                    best = cosine;
                    bestPassage = owner.get(j - substantive.size());
                }
            }
            if (best >= thresholds.grounding()) {
                supporting.add(bestPassage);
                continue;
            }
            double bestOverlap = 0;
            int overlapPassage = -1;
            for (int p = 0; p < passages.size(); p++) {
                double o = overlap(substantive.get(i), passageWords.get(p));
                if (o > bestOverlap) {
                    bestOverlap = o;
                    overlapPassage = p;
                }
            }
            if (bestOverlap < thresholds.lexicalOverlap()) {
                return Verdict.failed(NOT_GROUNDED, "grounding:" + String.format(Locale.ROOT, "%.3f", best));
            }
            supporting.add(overlapPassage);
        }
        return new Verdict(null, Collections.unmodifiableSortedSet(supporting));
    }

    static double overlap(String sentence, Set<String> passageWords) {
        List<String> words = contentWords(sentence);
        if (words.isEmpty()) {
            return 0;
        }
        return (double) words.stream().filter(passageWords::contains).count() / words.size();
    }

    static Set<String> numbers(String text) {
        var out = new HashSet<String>();
        var m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static List<String> sentences(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(SENTENCE_END.split(text.strip())).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> contentWords(String text) {
        var out = new ArrayList<String>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (w.length() > 1 && !STOPWORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static Set<String> shingles(String text) {
        var words = new ArrayList<String>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        var out = new HashSet<String>();
        for (int i = 0; i + SHINGLE <= words.size(); i++) {
            out.add(String.join(" ", words.subList(i, i + SHINGLE)));
        }
        return out;
    }
}
