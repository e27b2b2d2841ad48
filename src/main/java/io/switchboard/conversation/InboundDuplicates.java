package io.switchboard.conversation;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.system.KeyValueMaps;
import org.apache.camel.processor.idempotent.hazelcast.HazelcastIdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every inbound channel shares: the idempotent repository that drops a message a provider
 * delivers twice, cluster-wide and across restarts (Camel's Hazelcast repository over a map that is
 * written through to the database).
 */
@Configuration(proxyBeanMethods = false)
class InboundDuplicates {

    static final String INBOUND_MESSAGE_IDS = "inbound-message-ids";

    @Bean
    KeyValueMaps inboundMessageIdMap() {
        return KeyValueMaps.of(KeyValueMaps.onDemand(INBOUND_MESSAGE_IDS, Boolean.class));
    }

    @Bean
    HazelcastIdempotentRepository inboundMessageIds(HazelcastInstance hazelcast) {
        return new HazelcastIdempotentRepository(hazelcast, INBOUND_MESSAGE_IDS);
    }
}
