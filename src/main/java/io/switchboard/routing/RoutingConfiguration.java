package io.switchboard.routing;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.system.KeyValueMaps;
import org.apache.camel.processor.idempotent.hazelcast.HazelcastIdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Routing's shared state: which customer messages are being decided. The decide route takes a
 * message's key with Camel's idempotent consumer over a cluster-wide Hazelcast map, so a message is
 * decided once even when the inbound route and the sweep on another instance reach it together. The
 * map keeps keys for a while only (see hazelcast.yaml): a decision cut short by a crash is taken
 * again by the sweep once its key has expired.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    static final String DECISIONS = "routing-decisions";

    /** Changes of intents' autonomy, loaded whole when a member starts. */
    @Bean
    KeyValueMaps routingMaps() {
        return KeyValueMaps.of(KeyValueMaps.preloaded(IntentAutonomy.MAP, IntentAutonomy.Change.class));
    }

    @Bean
    HazelcastIdempotentRepository routingDecisions(HazelcastInstance hazelcast) {
        return new HazelcastIdempotentRepository(hazelcast, DECISIONS);
    }
}
