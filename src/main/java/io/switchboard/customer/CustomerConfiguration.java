package io.switchboard.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.system.KeyValueMaps;
import io.switchboard.system.MapStoreRegistration;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The durable stores behind the customer maps (profiles, address index, unverified senders, opt-outs). */
@Configuration(proxyBeanMethods = false)
class CustomerConfiguration {

    @Bean
    MapStoreRegistration customerStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock, CustomerProperties properties) {
        return new MapStoreRegistration(CustomerDirectory.CUSTOMERS,
                new CustomerStore(jdbc, json, clock, properties.preloadWindow()));
    }

    @Bean
    KeyValueMaps customerMaps() {
        return KeyValueMaps.of(
                KeyValueMaps.onDemand(CustomerDirectory.UNVERIFIED_SENDERS, String.class),
                KeyValueMaps.preloaded(Consent.MAP, Consent.OptOut.class),
                KeyValueMaps.preloaded(Suppressions.MAP, Suppressions.Suppression.class));
    }

    @Bean
    MapStoreRegistration addressIndexStore(JdbcTemplate jdbc, Clock clock, CustomerProperties properties) {
        return new MapStoreRegistration(CustomerDirectory.ADDRESSES,
                new AddressIndexStore(jdbc, clock, properties.preloadWindow()));
    }
}
