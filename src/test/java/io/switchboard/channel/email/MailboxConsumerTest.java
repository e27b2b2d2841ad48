package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.support.MailClient;
import jakarta.mail.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code mailbox:} consumer on its own, in a Camel context of its own against GreenMail: a mail
 * whose route fails stays in the folder and is tried again (an IDLE ended for it), without holding up
 * the mail after it; a reader waiting in IDLE stops at once.
 */
class MailboxConsumerTest {

    static final String LOGIN = "box@consumer.example";
    final GreenMail server = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    final DefaultCamelContext camel = new DefaultCamelContext();
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server.start();
        server.setUser(LOGIN, LOGIN, "secret");
        camel.getRegistry().bind("mailbox", new MailboxComponent());
        camel.getRegistry().bind("login", new MailLogin(EmailProperties.Auth.PASSWORD, LOGIN, "secret", null, null));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("mailbox:127.0.0.1:" + server.getImap().getPort() + "?login=#login&ssl=false&pollInterval=200")
                        .process(exchange -> {
                            String subject = exchange.getIn().getBody(Message.class).getSubject();
                            seen.add(subject);
                            if (subject.startsWith("poison")) {
                                throw new IllegalStateException("this one always fails");
                            }
                        });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        server.stop();
    }

    @Test
    void aReaderWaitingInIdleStopsAtOnce() {
        var mail = new MailClient("127.0.0.1", server.getSmtp().getPort(), server.getImap().getPort());
        mail.send(mail.compose("c@customer.example", LOGIN, "fine 2", "works"));
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.subjects(LOGIN, "secret", "Processed").contains("fine 2"));
        long stopping = System.nanoTime();
        camel.stop();
        assertThat((System.nanoTime() - stopping) / 1e9).as("the IDLE is ended, not waited out").isLessThan(3.0);
    }

    @Test
    void aMailWhoseRouteFailsStaysAndIsTriedAgainWhileTheMailAfterItIsFiled() {
        var mail = new MailClient("127.0.0.1", server.getSmtp().getPort(), server.getImap().getPort());
        mail.send(mail.compose("a@customer.example", LOGIN, "poison 1", "fails"));
        mail.send(mail.compose("b@customer.example", LOGIN, "fine 1", "works"));

        await().atMost(Duration.ofSeconds(10)).until(() -> mail.subjects(LOGIN, "secret", "Processed").contains("fine 1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().filter("poison 1"::equals).count() >= 2);
        assertThat(mail.subjects(LOGIN, "secret", "INBOX")).containsExactly("poison 1");
        assertThat(mail.subjects(LOGIN, "secret", "Processed")).containsExactly("fine 1");
    }
}
