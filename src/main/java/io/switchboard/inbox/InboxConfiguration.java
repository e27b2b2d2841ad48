package io.switchboard.inbox;

import io.switchboard.system.KeyValueMaps;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
    KeyValueMaps inboxMaps() {
        return KeyValueMaps.of(
                KeyValueMaps.preloaded(AgentRoster.AGENTS, Agent.class),
                KeyValueMaps.preloaded(QueueDirectory.QUEUES, QueueDefinition.class),
                KeyValueMaps.preloaded(WaitingList.WAITING, WaitingEntry.class),
                KeyValueMaps.onDemand(ReadMarks.MARKS, Long.class),
                KeyValueMaps.preloaded(CannedResponses.CANNED, CannedResponses.Canned.class),
                KeyValueMaps.preloaded(CsatSurveys.PENDING, CsatSurveys.Pending.class));
    }
}
