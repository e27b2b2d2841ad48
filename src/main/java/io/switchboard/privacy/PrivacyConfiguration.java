package io.switchboard.privacy;

import io.switchboard.system.KeyValueMaps;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Legal holds are kept in the database with the other small maps; retention is configuration. */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

    @Bean
    KeyValueMaps privacyMaps() {
        return KeyValueMaps.of(KeyValueMaps.preloaded(LegalHolds.MAP, LegalHolds.Hold.class));
    }
}
