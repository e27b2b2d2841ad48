package io.switchboard.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.system.MapStoreRegistration;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The durable store behind the conversation map. */
@Configuration(proxyBeanMethods = false)
class ConversationConfiguration {

    @Bean
    TurnRepository turnRepository(JdbcTemplate jdbc, ObjectMapper json, ObjectProvider<TurnIndex> indexes) {
        return new TurnRepository(jdbc, json, indexes.orderedStream().toList());
    }

    @Bean
    ConversationStore conversationRows(JdbcTemplate jdbc, TurnRepository turns, TransactionTemplate transactions,
                                       ObjectMapper json, Clock clock, ConversationProperties properties) {
        return new ConversationStore(jdbc, turns, transactions, json, clock, properties);
    }

    @Bean
    MapStoreRegistration conversationStore(ConversationStore rows) {
        return new MapStoreRegistration(ConversationMemory.CONVERSATIONS, rows);
    }
}
