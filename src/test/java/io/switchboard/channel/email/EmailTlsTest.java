package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.TestCertificate;
import io.switchboard.support.TlsGreenMail;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * IMAPS and SMTPS with the server's certificate checked: trusted through a Spring Boot SSL bundle
 * that holds the test's certificate, mail goes in and out; with a bundle that holds another
 * certificate, the gateway neither reads the mailbox nor sends.
 */
class EmailTlsTest {

    static final String SUPPORT = "support@tls.example";
    static final String PASSWORD = "tls-pw";

    @TempDir
    static Path certificates;

    TestCertificate certificate;
    TlsGreenMail server;
    GreenMailUser mailbox;

    @BeforeEach
    void start() {
        certificate = TestCertificate.create(certificates, "mail-" + UUID.randomUUID().toString().substring(0, 6));
        server = TlsGreenMail.start(certificate);
        mailbox = server.setUser(SUPPORT, SUPPORT, PASSWORD);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void withTheServersCertificateTrustedMailGoesInAndOutOverTls() throws Exception {
        try (ConfigurableApplicationContext gateway = start(certificate)) {
            var api = AgentApi.asAgent(Gateways.httpPort(gateway));
            String customer = customer();
            mailbox.deliver(mail(customer, "Invoice question"));
            String conversation = await().atMost(Duration.ofSeconds(20)).until(() -> conversationOf(api, customer),
                    id -> id != null);
            assertThat(api.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "The invoice is attached to your account.")).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(server.getReceivedMessages())
                    .anyMatch(m -> recipient(m).equals(customer)));
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsNeitherReadNorSentThrough() throws Exception {
        TestCertificate other = TestCertificate.create(certificates, "other-" + UUID.randomUUID().toString().substring(0, 6));
        try (ConfigurableApplicationContext gateway = start(other)) {
            var api = AgentApi.asAgent(Gateways.httpPort(gateway));
            String customer = customer();
            mailbox.deliver(mail(customer, "Is this safe?"));
            String conversation = new io.switchboard.support.Inbound(
                    gateway.getBean(org.apache.camel.ProducerTemplate.class))
                    .record("email", "<tls-" + customer + ">", "other-" + customer, "A question by another way");
            assertThat(api.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "An answer that must not go out.")).status()).isEqualTo(202);
            // the test server's threads fail on each refused handshake: not the gateway's doing
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode reply = api.get("/api/v1/conversations/" + conversation).json().path("turns").get(1);
                assertThat(reply.path("delivery").path("status").asText()).isEqualTo("failed");
            });
            assertThat(Arrays.stream(server.getReceivedMessages()).map(EmailTlsTest::recipient))
                    .as("nothing sent through the untrusted server").containsExactly(SUPPORT);
            assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns").get(1).path("delivery")
                    .path("detail").asText()).contains("SunCertPathBuilderException");
            assertThat(conversationOf(api, customer)).as("the untrusted mailbox was not read").isNull();
            assertThat(server.getManagers().getImapHostManager().getInbox(mailbox).getMessageCount()).isEqualTo(1);
        }
    }

    private ConfigurableApplicationContext start(TestCertificate trusted) {
        return Gateways.start("switchboard.email.embedded-server.enabled=false",
                "switchboard.email.address=" + SUPPORT,
                "spring.ssl.bundle.pem.mail-servers.truststore.certificate=file:" + trusted.certificate(),
                "switchboard.email.ssl-bundle=mail-servers",
                "switchboard.email.imap.ssl=true", "switchboard.email.imap.port=" + server.port(ServerSetup.PROTOCOL_IMAPS),
                "switchboard.email.imap.username=" + SUPPORT, "switchboard.email.imap.password=" + PASSWORD,
                "switchboard.email.imap.poll-interval=200",
                "switchboard.email.smtp.ssl=true", "switchboard.email.smtp.port=" + server.port(ServerSetup.PROTOCOL_SMTPS),
                "switchboard.email.smtp.username=" + SUPPORT, "switchboard.email.smtp.password=" + PASSWORD,
                "switchboard.delivery.outbox.initial-backoff=200ms", "switchboard.delivery.outbox.max-attempts=2");
    }

    private static MimeMessage mail(String from, String subject) throws Exception {
        var mail = new MimeMessage(Session.getInstance(new Properties()));
        mail.setFrom(new InternetAddress(from));
        mail.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(SUPPORT));
        mail.setSubject(subject);
        mail.setText("Hello over TLS.");
        mail.saveChanges();
        return mail;
    }

    private static String recipient(MimeMessage message) {
        try {
            return ((InternetAddress) message.getAllRecipients()[0]).getAddress();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String customer() {
        return "tia-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
    }

    private static String conversationOf(AgentApi api, String address) {
        var found = api.get("/api/v1/customers?address=email:" + address);
        return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
    }
}
