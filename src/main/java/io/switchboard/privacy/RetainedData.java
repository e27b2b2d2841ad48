package io.switchboard.privacy;

import java.time.Instant;
import java.util.Set;

/**
 * A kind of data with a lifetime: the retention purge asks each, in its
 * {@link org.springframework.core.annotation.Order order}, to remove what is older than the window
 * configured for it under {@code switchboard.privacy.retention.<name>}. Several may share a name (a
 * closed conversation's turns, its outbound messages, its mails).
 */
public interface RetainedData {

    /** The window's name under {@code switchboard.privacy.retention}, e.g. {@code closed-conversations}. */
    String retention();

    /** What it removes, for the purge's log line and metric: {@code conversations}, {@code mails}, ... */
    default String items() {
        return retention();
    }

    /**
     * Removes, or strips of personal data, at most {@code batch} items older than {@code cutoff}, none
     * of the customers under a legal hold. Returns how many; fewer than {@code batch} means no more.
     */
    int purge(Instant cutoff, Set<String> heldCustomers, int batch);

    /** A kind of data whose purge is one function, under the window {@code retention}, counted as {@code items}. */
    static RetainedData of(String retention, String items, Purge purge) {
        return new RetainedData() {
            @Override
            public String retention() {
                return retention;
            }

            @Override
            public String items() {
                return items;
            }

            @Override
            public int purge(Instant cutoff, Set<String> heldCustomers, int batch) {
                return purge.purge(cutoff, heldCustomers, batch);
            }
        };
    }

    /** The held customers as an SQL {@code in (...)} list takes them: never empty, "" matches no id. */
    static Set<String> inList(Set<String> heldCustomers) {
        return heldCustomers.isEmpty() ? Set.of("") : heldCustomers;
    }

    /** {@link #purge}, as a function. */
    @FunctionalInterface
    interface Purge {
        int purge(Instant cutoff, Set<String> heldCustomers, int batch);
    }
}
