package io.switchboard.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the intent classifier learns and when it abstains.
 *
 * @param threshold     the lowest ensemble probability at which the best intent is accepted; below
 *                      it the message is unknown and goes to a person. On a held-out 15 % of the
 *                      banking77 training set, answers scoring 0.2 to 0.3 were right only about 40 %
 *                      of the time, so 0.3 trades about 1.5 % abstentions for fewer wrong answers
 * @param minSimilarity the lowest cosine similarity to the closest example: the probability alone
 *                      cannot tell "none of these" from "one of these", and with few intents an
 *                      unrelated question still gets a high share. With bge-small-en-v1.5 and the
 *                      banking77 training set, 99 % of held-out in-scope messages had a similarity
 *                      of at least 0.73 to their closest example; unrelated questions ("the capital
 *                      of France", "a pizza recipe") about 0.62
 * @param wordingAlone  the n-gram head's probability above which its intent is taken without the
 *                      embedding (the costly part), 1 to always use the whole ensemble. On 15 % of the
 *                      banking77 training set held out, the 43 % of messages above 0.9 were as often
 *                      right with the n-gram head alone as with the ensemble (99.8 %); with ten
 *                      intents also held out, as out of scope, it accepted none the ensemble rejected.
 *                      With a few dozen examples per intent the head is seldom that sure, and the
 *                      ensemble decides nearly everything
 * @param minConfidence the lowest {@code nearest + 0.2 × score} (similarity to the closest example plus a
 *                      fifth of the ensemble's probability) at which the best intent is accepted; 0 switches
 *                      the check off (the default). Each signal alone tells a message of an intent nobody
 *                      configured from one of a configured intent less well than the two together: on the
 *                      banking77 training set with ten intents held out as out of scope, the similarity
 *                      alone ranked them with an AUROC of 0.91, the probability 0.88, and at the same
 *                      in-scope accuracy the sum abstained on a third more of them than the two thresholds
 *                      above (README, "Out of scope")
 * @param confirmedThreshold in another language than English, the classifier's best intent is taken at this
 *                      confidence or more when the knowledge, searched in that language by words and meaning,
 *                      puts the intent's article first: with the sample's five examples per intent and
 *                      language the classifier alone was sure of 37 of 90 paraphrased questions in Spanish,
 *                      French and German (32 right); with the knowledge agreeing at 0.2 the AI answered 44 (42
 *                      from the right article) and none of 30 unrelated ones (README, "Languages")
 * @param neighbours    k of the nearest-neighbour vote
 * @param epochs        passes over the examples when training each regression head
 * @param seed          shuffle seed, so the same examples always give the same classifier
 */
@ConfigurationProperties("switchboard.routing.classifier")
public record ClassifierProperties(@DefaultValue("0.3") double threshold,
                                   @DefaultValue("0.65") double minSimilarity,
                                   @DefaultValue("0.9") double wordingAlone,
                                   @DefaultValue("0") double minConfidence,
                                   @DefaultValue("0.2") double confirmedThreshold,
                                   @DefaultValue("5") int neighbours,
                                   @DefaultValue("10") int epochs,
                                   @DefaultValue("7") long seed) {

    /** The probability's weight beside the similarity in {@code min-confidence}, chosen on the banking77 training set. */
    static final double CONFIDENCE_WEIGHT = 0.2;

    public ClassifierProperties {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("switchboard.routing.classifier.threshold must be between 0 and 1");
        }
        if (wordingAlone < 0 || wordingAlone > 1) {
            throw new IllegalArgumentException("switchboard.routing.classifier.wording-alone must be between 0 and 1");
        }
        if (minConfidence < 0 || minConfidence > 1.2) {
            throw new IllegalArgumentException("switchboard.routing.classifier.min-confidence must be between 0 (off) "
                    + "and 1.2");
        }
        if (confirmedThreshold < 0 || confirmedThreshold > 1) {
            throw new IllegalArgumentException("switchboard.routing.classifier.confirmed-threshold must be between 0 "
                    + "and 1");
        }
        if (neighbours < 1 || epochs < 1) {
            throw new IllegalArgumentException("switchboard.routing.classifier: neighbours and epochs must be at least 1");
        }
    }

    /** The defaults above, for use without Spring (the evaluation command, tests). */
    public static ClassifierProperties defaults() {
        return new ClassifierProperties(0.3, 0.65, 0.9, 0, 0.2, 5, 10, 7);
    }

    public ClassifierProperties withWordingAlone(double newWordingAlone) {
        return new ClassifierProperties(threshold, minSimilarity, newWordingAlone, minConfidence, confirmedThreshold, neighbours, epochs, seed);
    }

    public ClassifierProperties withThreshold(double newThreshold) {
        return new ClassifierProperties(newThreshold, minSimilarity, wordingAlone, minConfidence, confirmedThreshold, neighbours, epochs, seed);
    }

    public ClassifierProperties withMinSimilarity(double newMinSimilarity) {
        return new ClassifierProperties(threshold, newMinSimilarity, wordingAlone, minConfidence, confirmedThreshold, neighbours, epochs, seed);
    }

    public ClassifierProperties withMinConfidence(double newMinConfidence) {
        return new ClassifierProperties(threshold, minSimilarity, wordingAlone, newMinConfidence, confirmedThreshold, neighbours,
                epochs, seed);
    }

    /**
     * Whether the best intent of a message with this probability and similarity to its closest example is
     * accepted; {@code nearest} is NaN when the n-gram head decided alone (nothing embedded to compare).
     */
    boolean accepts(double score, double nearest) {
        return score >= threshold && !(nearest < minSimilarity)
                && !(minConfidence > 0 && nearest + CONFIDENCE_WEIGHT * score < minConfidence);
    }
}
