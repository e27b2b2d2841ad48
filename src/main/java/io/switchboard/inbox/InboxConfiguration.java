package io.switchboard.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.system.JdbcKeyValueStore;
import io.switchboard.system.MapStoreRegistration;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The inbox page at {@code /inbox/} and the durable stores behind the inbox's shared maps. */
@Configuration(proxyBeanMethods = false)
class InboxConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/inbox/").setViewName("forward:/inbox/index.html");
        registry.addRedirectViewController("/inbox", "/inbox/");
        registry.addViewController("/inbox/login").setViewName("forward:/inbox/login.html");
    }

    @Bean
    MapStoreRegistration agentStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        return new MapStoreRegistration(AgentRoster.AGENTS,
                new JdbcKeyValueStore<>(AgentRoster.AGENTS, Agent.class, jdbc, json, clock, true));
    }

    @Bean
    MapStoreRegistration queueStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        return new MapStoreRegistration(QueueDirectory.QUEUES,
                new JdbcKeyValueStore<>(QueueDirectory.QUEUES, QueueDefinition.class, jdbc, json, clock, true));
    }

    @Bean
    MapStoreRegistration waitingStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        return new MapStoreRegistration(WaitingList.WAITING,
                new JdbcKeyValueStore<>(WaitingList.WAITING, WaitingEntry.class, jdbc, json, clock, true));
    }

    @Bean
    MapStoreRegistration readMarkStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        return new MapStoreRegistration(ReadMarks.MARKS,
                new JdbcKeyValueStore<>(ReadMarks.MARKS, Long.class, jdbc, json, clock, false));
    }

    @Bean
    MapStoreRegistration cannedResponseStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        return new MapStoreRegistration(CannedResponses.CANNED,
                new JdbcKeyValueStore<>(CannedResponses.CANNED, CannedResponses.Canned.class, jdbc, json, clock, true));
    }

    @Bean
    MapStoreRegistration csatPendingStore(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        return new MapStoreRegistration(CsatSurveys.PENDING,
                new JdbcKeyValueStore<>(CsatSurveys.PENDING, CsatSurveys.Pending.class, jdbc, json, clock, true));
    }
}
