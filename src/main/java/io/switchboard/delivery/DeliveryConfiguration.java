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
    OutboxStore outboxRows(JdbcTemplate jdbc, ObjectMapper json) {
        return new OutboxStore(jdbc, json);
    }

    @Bean
    MapStoreRegistration outboxStore(OutboxStore rows) {
        return new MapStoreRegistration(Outbox.MAP, rows);
    }
}
