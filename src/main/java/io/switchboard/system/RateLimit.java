package io.switchboard.system;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * How often something may happen: {@code capacity} times per {@code period}, written
 * {@code 20/1m} in configuration (a burst of up to {@code capacity}, refilled evenly over the period).
 */
public record RateLimit(long capacity, Duration period) {

    private static final Pattern WRITTEN = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\S+)\\s*");

    public RateLimit {
        if (capacity < 1) {
            throw new IllegalArgumentException("a rate limit allows at least 1 per period");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit's period is positive");
        }
    }

    /** Reads {@code 20/1m}, {@code 5/1h}, {@code 100/30s} (also how configuration binds one). */
    public static RateLimit valueOf(String written) {
        Matcher m = written == null ? null : WRITTEN.matcher(written);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("a rate limit is written count/period, e.g. 20/1m: " + written);
        }
        return new RateLimit(Long.parseLong(m.group(1)), DurationStyle.detectAndParse(m.group(2)));
    }

    /** As configuration writes it: {@code 20/1m}. */
    @Override
    public String toString() {
        long millis = period.toMillis();
        for (var unit : new Object[][] {{86_400_000L, "d"}, {3_600_000L, "h"}, {60_000L, "m"}, {1_000L, "s"}}) {
            if (millis % (Long) unit[0] == 0) {
                return capacity + "/" + millis / (Long) unit[0] + unit[1];
            }
        }
        return capacity + "/" + millis + "ms";
    }
}
