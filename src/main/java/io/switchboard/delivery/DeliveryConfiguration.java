package io.switchboard.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.system.MapStoreRegistration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The durable store behind the outbox. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    MapStoreRegistration outboxStore(JdbcTemplate jdbc, ObjectMapper json) {
        return new MapStoreRegistration(Outbox.MAP, new OutboxStore(jdbc, json));
    }
}
