package io.switchboard.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.system.MapStoreRegistration;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The durable store behind the conversation map. */
@Configuration(proxyBeanMethods = false)
class ConversationConfiguration {

    @Bean
    TurnRepository turnRepository(JdbcTemplate jdbc, ObjectMapper json) {
        return new TurnRepository(jdbc, json);
    }

    @Bean
    MapStoreRegistration conversationStore(JdbcTemplate jdbc, TurnRepository turns, TransactionTemplate transactions,
                                           ObjectMapper json, Clock clock, ConversationProperties properties) {
        return new MapStoreRegistration(ConversationMemory.CONVERSATIONS,
                new ConversationStore(jdbc, turns, transactions, json, clock, properties));
    }
}
