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
 * @param confirmed true when the classifier was unsure and the knowledge confirmed its best intent
 *                  (a message in another language than English, see {@code RoutingDecider})
 */
public record Classification(String intent, double score, String best, boolean abstained, double nearest,
                             boolean confirmed) {

    public Classification(String intent, double score, String best, boolean abstained, double nearest) {
        this(intent, score, best, abstained, nearest, false);
    }

    public Classification(String intent, double score, String best, boolean abstained) {
        this(intent, score, best, abstained, Double.NaN);
    }

    /** The best intent taken, though the classifier alone was unsure of it. */
    Classification confirm() {
        return new Classification(best, score, best, false, nearest, true);
    }

    static Classification unknown() {
        return new Classification(null, 0, null, true);
    }
}
