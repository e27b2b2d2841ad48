package io.switchboard.system;

import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Bucket4j's entry processors travel between members with their own serializers. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    /** Type ids 1000-1009 are Bucket4j's in this member's serialization config. */
    static final int BUCKET4J_TYPE_ID_BASE = 1000;

    @Bean
    HazelcastCustomizer bucket4jSerializers() {
        return config -> HazelcastProxyManager.addCustomSerializers(config.getSerializationConfig(), BUCKET4J_TYPE_ID_BASE);
    }
}
