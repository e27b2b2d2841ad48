package io.switchboard.oversight;

/**
 * A share of successes with its 95 % Wilson score interval: unlike the plain {@code p ± 1.96·se}
 * it stays within 0 and 1 and is honest for small samples and shares near 0 or 1, which is what a
 * few dozen graded answers per intent are.
 *
 * @param successes correct answers (or drafts sent as written)
 * @param total     graded answers (or drafts dealt with)
 * @param share     {@code successes / total}; 0 when there are none
 * @param low       the interval's lower bound
 * @param high      its upper bound
 */
public record Proportion(long successes, long total, double share, double low, double high) {

    private static final double Z = 1.959964;

    public static Proportion of(long successes, long total) {
        if (successes < 0 || total < 0 || successes > total) {
            throw new IllegalArgumentException(successes + " of " + total);
        }
        if (total == 0) {
            return new Proportion(0, 0, 0, 0, 1);
        }
        double p = (double) successes / total;
        double z2 = Z * Z;
        double denominator = 1 + z2 / total;
        double centre = (p + z2 / (2.0 * total)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / total + z2 / (4.0 * total * total)) / denominator;
        return new Proportion(successes, total, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
