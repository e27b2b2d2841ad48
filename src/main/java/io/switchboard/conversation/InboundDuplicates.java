package io.switchboard.conversation;

import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import io.switchboard.system.KeyValueMaps;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every inbound channel shares: the idempotent repository that drops a message a provider
 * delivers twice, cluster-wide and across restarts: {@link InboundMessageIds} over a map whose recorded
 * keys are written through to the database (JSON strings; keys written as {@code true} or {@code false}
 * by earlier versions read as recorded).
 */
@Configuration(proxyBeanMethods = false)
class InboundDuplicates {

    static final String INBOUND_MESSAGE_IDS = "inbound-message-ids";

    @Bean
    KeyValueMaps inboundMessageIdMap() {
        return KeyValueMaps.of(KeyValueMaps.onDemand(INBOUND_MESSAGE_IDS, String.class,
                InboundMessageIds::durable));
    }

    @Bean
    InboundMessageIds inboundMessageIds(HazelcastInstance hazelcast, Clock clock) {
        return new InboundMessageIds(hazelcast, INBOUND_MESSAGE_IDS, clock);
    }
}
