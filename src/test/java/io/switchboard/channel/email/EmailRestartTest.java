package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.support.Gateways;
import io.switchboard.support.MailClient;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.camel.cluster.CamelClusterService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 200 mails, two clustered instances of which only the elected one polls, the poller's instance
 * stopped mid-way, a restart, and mail polled a second time: exactly 200 turns, none twice, none missing.
 */
class EmailRestartTest {

    static final String SUPPORT = "support@shop.example";
    static final String NAMESPACE = "email-imap";
    static final int MAILS = 200;

    @TempDir
    Path dataDir;

    final GreenMail server = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        gateways.forEach(ConfigurableApplicationContext::close);
        server.stop();
    }

    @Test
    void twoHundredMailsAcrossAFailoverARestartAndARepollMakeExactlyTwoHundredTurns() throws Exception {
        server.start();
        server.setUser(SUPPORT, "support", "support");
        var mail = new MailClient("127.0.0.1", server.getSmtp().getPort(), server.getImap().getPort());
        String cluster = "email-restart-" + UUID.randomUUID();
        int portA = Gateways.freePort();
        int portB = Gateways.freePort();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;

        ConfigurableApplicationContext first = start(cluster, portA, members);
        ConfigurableApplicationContext second = start(cluster, portB, members);
        await().atMost(Duration.ofSeconds(30)).until(() -> leads(first) != leads(second));
        ConfigurableApplicationContext leader = leads(first) ? first : second;
        ConfigurableApplicationContext follower = leader == first ? second : first;

        String customer = "gus-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        mail.sendRaw(customer, SUPPORT, IntStream.range(0, MAILS).mapToObj(i -> "From: " + customer + "\r\nTo: " + SUPPORT
                + "\r\nSubject: mail " + i + "\r\nMessage-ID: <restart-" + i + "-" + customer + ">\r\n\r\nnumber " + i + "\r\n")
                .toList());

        JdbcTemplate db = follower.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> turns(db) >= MAILS / 4);
        close(leader);
        long atFailover = turns(db);
        assertThat(atFailover).as("stopped mid-way").isLessThan(MAILS);
        await().atMost(Duration.ofSeconds(30)).until(() -> leads(follower));

        ConfigurableApplicationContext restarted = start(cluster, leader == first ? portA : portB, members);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> turns(db) == MAILS && mail.count("support", "support", "INBOX") == 0);
        assertThat(leads(restarted)).as("the elder instance keeps polling").isFalse();

        close(follower);
        await().atMost(Duration.ofSeconds(30)).until(() -> leads(restarted));
        repoll(20);
        JdbcTemplate after = restarted.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> mail.count("support", "support", "INBOX") == 0);

        assertThat(turns(after)).isEqualTo(MAILS);
        assertThat(after.queryForObject("select count(distinct provider_message_id) from turn where channel = 'email'",
                Long.class)).isEqualTo(MAILS);
        assertThat(mail.count("support", "support", "Processed"))
                .as("every mail filed once: a copy put back into the inbox is removed, not filed again")
                .isEqualTo(MAILS);
    }

    private ConfigurableApplicationContext start(String cluster, int hazelcastPort, String members) {
        var context = Gateways.start(
                "spring.datasource.url=jdbc:h2:mem:" + dataDir.getFileName() + ";DB_CLOSE_DELAY=-1",
                "switchboard.data-dir=" + dataDir,
                "switchboard.cluster.name=" + cluster,
                "switchboard.cluster.port=" + hazelcastPort,
                "switchboard.cluster.members=" + members,
                "switchboard.email.embedded-server.enabled=false",
                "switchboard.email.address=" + SUPPORT,
                "switchboard.email.imap.port=" + server.getImap().getPort(),
                "switchboard.email.imap.username=support",
                "switchboard.email.imap.password=support",
                "switchboard.email.imap.poll-interval=200",
                "switchboard.email.imap.batch-size=20",
                "switchboard.email.smtp.port=" + server.getSmtp().getPort(),
                "switchboard.email.smtp.auth=none",
                "switchboard.email.limits.max-per-sender=1000");
        gateways.add(context);
        return context;
    }

    private void close(ConfigurableApplicationContext context) {
        context.close();
        gateways.remove(context);
    }

    private static boolean leads(ConfigurableApplicationContext gateway) {
        return gateway.isActive() && gateway.getBean(CamelClusterService.class).isLeader(NAMESPACE);
    }

    private static long turns(JdbcTemplate db) {
        Long n = db.queryForObject("select count(*) from turn where channel = 'email' and direction = 'inbound'",
                Long.class);
        return n == null ? 0 : n;
    }

    /** Puts processed mail back into the inbox, as a mail client or a server restore might. */
    private void repoll(int count) throws Exception {
        Session session = Session.getInstance(new Properties());
        try (Store imap = session.getStore("imap")) {
            imap.connect("127.0.0.1", server.getImap().getPort(), "support", "support");
            Folder processed = imap.getFolder("Processed");
            processed.open(Folder.READ_ONLY);
            processed.copyMessages(processed.getMessages(1, count), imap.getFolder("INBOX"));
            processed.close(false);
        }
    }
}
