package io.switchboard.system;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every abuse limit of the gateway (messages per SMS sender, chat messages per visitor and per
 * network, new chat visitors, claimed-address codes, ...): a Bucket4j token bucket per limit and key,
 * kept in Hazelcast so every instance counts against the same bucket. A refusal is counted in
 * {@code switchboard.rate.limited{limit}} and logged once per key and period, with the key as the
 * caller masked it.
 */
@Component
public class RateLimits {

    static final String MAP = "rate-limits";
    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    private static final int MAX_WARNED = 10_000;

    private final IMap<String, ?> map;
    private final ProxyManager<String> buckets;
    private final MeterRegistry meters;
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();

    RateLimits(HazelcastInstance hazelcast, MeterRegistry meters) {
        this.map = hazelcast.getMap(MAP);
        this.buckets = Bucket4jHazelcast.<String>entryProcessorBasedBuilder(hazelcast.getMap(MAP))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.meters = meters;
    }

    /**
     * Takes one token from the bucket of {@code limit} for {@code key}: empty when allowed, else how
     * long until the next token.
     *
     * @param name      the limit's name, for metrics and logs (e.g. {@code chat-messages-per-visitor})
     * @param shownAs   the key as it may appear in a log line (masked)
     */
    public Optional<Duration> take(String name, RateLimit limit, String key, String shownAs) {
        ConsumptionProbe probe = buckets.getProxy(name + "|" + key, () -> configuration(limit))
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        meters.counter("switchboard.rate.limited", "limit", name).increment();
        Instant now = Instant.now();
        Instant last = warned.get(name + "|" + key);
        if (last == null || last.plus(limit.period()).isBefore(now)) {
            if (warned.size() > MAX_WARNED) {
                warned.clear();
            }
            warned.put(name + "|" + key, now);
            log.warn("{} over its limit ({}): refusing {} until it slows down", shownAs, limit, name);
        }
        return Optional.of(Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1_000_000_000L)));
    }

    /** True when one more is allowed now (see {@link #take}). */
    public boolean allows(String name, RateLimit limit, String key, String shownAs) {
        return take(name, limit, key, shownAs).isEmpty();
    }

    /**
     * Drops every bucket, of any limit, counted for one of these keys (an erased customer's addresses
     * and ids): a bucket's key would otherwise keep the address until it refills. Returns how many.
     */
    public int forget(Set<String> keys) {
        warned.keySet().removeIf(bucket -> keys.contains(bucket.substring(bucket.indexOf('|') + 1)));
        int dropped = 0;
        for (String bucket : map.keySet()) {
            int bar = bucket.indexOf('|');
            if (bar >= 0 && keys.contains(bucket.substring(bar + 1)) && map.remove(bucket) != null) {
                dropped++;
            }
        }
        return dropped;
    }

    private static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .build();
    }
}
