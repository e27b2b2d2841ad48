package io.switchboard.routing;

/**
 * What the intent classifier made of a message, kept with the routing decision so it can be
 * explained later.
 *
 * @param intent    the intent, or null when the classifier abstained (the message is "unknown")
 * @param score     the confidence in the best intent, 0 to 1, compared with the abstain threshold
 * @param best      the best intent even when abstaining, for the record; null when nothing is configured
 * @param abstained true when the score is below the threshold or the message is far from every example
 * @param nearest   cosine similarity to the closest training example, NaN when not computed
 */
public record Classification(String intent, double score, String best, boolean abstained, double nearest) {

    public Classification(String intent, double score, String best, boolean abstained) {
        this(intent, score, best, abstained, Double.NaN);
    }

    static Classification unknown() {
        return new Classification(null, 0, null, true);
    }
}
