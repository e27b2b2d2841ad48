package io.switchboard.channel.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.customer.AddressNormalizer;
import io.switchboard.system.SharedSecrets;
import jakarta.mail.Session;
import java.time.Clock;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The beans the e-mail connectors call (the mailbox reader, the logins, the SMTP session), the
 * archive, and the embedded mail server when it is on.
 */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    /** The {@code mailbox:} component the {@code email-source} connector reads with. */
    @Bean("mailbox")
    MailboxComponent mailbox() {
        return new MailboxComponent();
    }

    @Bean
    MailLogins mailLogins(EmailProperties properties, ObjectProvider<SslBundles> bundles) {
        SSLSocketFactory tls = properties.sslBundle() == null || properties.sslBundle().isBlank() ? null
                : bundles.getObject().getBundle(properties.sslBundle()).createSslContext().getSocketFactory();
        boolean oauth2 = properties.auth() == EmailProperties.Auth.OAUTH2
                || properties.smtpAuth() == EmailProperties.Auth.OAUTH2;
        MailTokens tokens = oauth2 ? new MailTokens(properties.oauth2()) : null;
        return new MailLogins(
                new MailLogin(properties.auth(), properties.imap().username(), properties.imap().password(), tokens, tls),
                new MailLogin(properties.smtpAuth(), properties.smtp().username(), properties.smtp().password(), tokens,
                        tls));
    }

    record MailLogins(MailLogin imap, MailLogin smtp) {
    }

    @Bean
    MailLogin emailImapLogin(MailLogins logins) {
        return logins.imap();
    }

    @Bean
    MailLogin emailSmtpLogin(MailLogins logins) {
        return logins.smtp();
    }

    /** The SMTP connection's settings: STARTTLS required or SMTPS, certificates checked, the login's mechanism. */
    @Bean
    Session emailSmtpSession(EmailProperties properties, MailLogins logins) {
        var smtp = properties.smtp();
        var settings = new Properties();
        settings.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        settings.put("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
        settings.put("mail.smtp.ssl.enable", Boolean.toString(smtp.ssl()));
        settings.put("mail.smtp.connectiontimeout", "30000");
        settings.put("mail.smtp.timeout", "60000");
        settings.put("mail.smtp.writetimeout", "60000");
        return Session.getInstance(logins.smtp().configure(settings, "smtp"));
    }

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
