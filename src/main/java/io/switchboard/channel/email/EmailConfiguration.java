package io.switchboard.channel.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.customer.AddressNormalizer;
import io.switchboard.system.SharedSecrets;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/** The beans the e-mail connectors call, the archive, and the embedded mail server when it is on. */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    @Bean
    MailArchive mailArchive(JdbcTemplate jdbc, ObjectMapper json) {
        return new MailArchive(jdbc, json);
    }

    @Bean
    MailIds mailIds(SharedSecrets secrets) {
        return new MailIds(secrets);
    }

    @Bean
    EmailIntake emailIntake(MailIds ids, MailArchive archive, ProducerTemplate receipts, AddressNormalizer normalizer,
                            EmailProperties properties, MeterRegistry meters, Clock clock) {
        return new EmailIntake(ids, archive, receipts, normalizer, properties, meters, clock);
    }

    @Bean
    EmailComposer emailComposer(MailArchive archive, EmailProperties properties) {
        return new EmailComposer(archive, properties);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "switchboard.email.embedded-server.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedMailServer embeddedMailServer(EmailProperties properties, ConfigurableEnvironment environment) {
        return new EmbeddedMailServer(properties, environment);
    }
}
