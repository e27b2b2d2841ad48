package io.switchboard.routing;

/**
 * What the intent classifier made of a message.
 *
 * @param intent    the intent, or null when the classifier abstained (the message is "unknown")
 * @param score     the confidence in the best intent, 0 to 1, compared with the abstain threshold
 * @param best      the best intent even when abstaining, for the record
 * @param abstained true when the score is below the threshold
 */
public record Classification(String intent, double score, String best, boolean abstained) {
}
