package io.switchboard.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.system.JdbcKeyValueStore;
import io.switchboard.system.MapStoreRegistration;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The durable stores behind the outbox and the register of opted-out addresses. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    MapStoreRegistration outboxStore(JdbcTemplate jdbc, ObjectMapper json) {
        return new MapStoreRegistration(Outbox.MAP, new OutboxStore(jdbc, json));
    }

    @Bean
    MapStoreRegistration optedOutAddressStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        return new MapStoreRegistration(Consent.MAP,
                new JdbcKeyValueStore<>(Consent.MAP, Consent.OptOut.class, jdbc, json, clock, true));
    }
}
