package io.switchboard.channel.sms;

import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.switchboard.customer.Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How many messages one number may send: a Bucket4j token bucket per sender, kept in Hazelcast so
 * every instance counts against the same bucket. A refused sender is logged once per period.
 */
@Component
class SenderRateLimit {

    static final String MAP = "sms-rate-limits";
    private static final Logger log = LoggerFactory.getLogger(SenderRateLimit.class);

    private final ProxyManager<String> buckets;
    private final BucketConfiguration limit;
    private final SmsProperties properties;
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();

    SenderRateLimit(HazelcastInstance hazelcast, SmsProperties properties) {
        this.properties = properties;
        this.buckets = Bucket4jHazelcast.<String>entryProcessorBasedBuilder(hazelcast.getMap(MAP))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.limit = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(properties.rateLimit()).refillGreedy(properties.rateLimit(), properties.ratePeriod()))
                .build();
    }

    /** True when {@code sender} may send one more message now. */
    boolean tryAcquire(Address sender) {
        if (buckets.getProxy(sender.toString(), () -> limit).tryConsume(1)) {
            return true;
        }
        Instant now = Instant.now();
        Instant last = warned.get(sender.toString());
        if (last == null || last.plus(properties.ratePeriod()).isBefore(now)) {
            warned.put(sender.toString(), now);
            log.warn("SMS from {} over the rate limit ({} per {}): refusing its messages with 429 until it slows down",
                    sender.masked(), properties.rateLimit(), properties.ratePeriod());
        }
        return false;
    }

    Duration period() {
        return properties.ratePeriod();
    }
}
