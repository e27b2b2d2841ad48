package io.switchboard.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.system.JdbcKeyValueStore;
import io.switchboard.system.MapStoreRegistration;
import java.time.Clock;
import org.apache.camel.processor.idempotent.hazelcast.HazelcastIdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every inbound channel shares: the idempotent repository that drops a message a provider
 * delivers twice, cluster-wide and across restarts (Camel's Hazelcast repository over a map that is
 * written through to the database).
 */
@Configuration(proxyBeanMethods = false)
class InboundDuplicates {

    static final String INBOUND_MESSAGE_IDS = "inbound-message-ids";

    @Bean
    MapStoreRegistration inboundMessageIdStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        return new MapStoreRegistration(INBOUND_MESSAGE_IDS,
                new JdbcKeyValueStore<>(INBOUND_MESSAGE_IDS, Boolean.class, jdbc, json, clock, false));
    }

    @Bean
    HazelcastIdempotentRepository inboundMessageIds(HazelcastInstance hazelcast) {
        return new HazelcastIdempotentRepository(hazelcast, INBOUND_MESSAGE_IDS);
    }
}
