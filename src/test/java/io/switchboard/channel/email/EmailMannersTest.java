package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.MailClient;
import io.switchboard.support.RecordingRelay;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The habits a shared mailbox on a real server expects, against GreenMail over real IMAP and SMTP,
 * with every command the gateway sends recorded by a relay in between: new mail through IDLE (the
 * poll interval is an hour), no polling while idle, MOVE of its own mail only, subscribed folders,
 * a whole References chain, a second delivery counted as such, and no login where none is set.
 */
class EmailMannersTest {

    static final String SUPPORT = "help@manners.example";
    static final String LOGIN = "helpdesk";
    static final String PASSWORD = "manners-pw";

    static GreenMail server;
    static RecordingRelay imap;
    static RecordingRelay smtp;
    static ConfigurableApplicationContext gateway;
    static MailClient mail;
    static AgentApi api;

    @BeforeAll
    static void start() throws Exception {
        server = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        server.start();
        server.setUser(SUPPORT, LOGIN, PASSWORD);
        imap = new RecordingRelay(server.getImap().getPort());
        smtp = new RecordingRelay(server.getSmtp().getPort());
        gateway = Gateways.start("switchboard.email.embedded-server.enabled=false",
                "switchboard.email.address=" + SUPPORT,
                "switchboard.email.imap.port=" + imap.port(),
                "switchboard.email.imap.username=" + LOGIN, "switchboard.email.imap.password=" + PASSWORD,
                "switchboard.email.imap.poll-interval=1h",
                "switchboard.email.smtp.port=" + smtp.port(), "switchboard.email.smtp.auth=none");
        mail = new MailClient("127.0.0.1", server.getSmtp().getPort(), server.getImap().getPort());
        api = AgentApi.asAgent(Gateways.httpPort(gateway));
        await().atMost(Duration.ofSeconds(20)).until(() -> imap.commands("IDLE") > 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        imap.close();
        smtp.close();
        server.stop();
    }

    @Test
    void aNewMailIsATurnWithinASecondThroughIdleAndAnIdleGatewaySendsNoPolls() throws Exception {
        String customer = customer("ida");
        long sent = System.nanoTime();
        mail.send(mail.compose(customer, SUPPORT, "Quick one", "Do you ship to Norway?"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> conversationOf(customer) != null);
        double seconds = (System.nanoTime() - sent) / 1e9;
        assertThat(seconds).as("the poll interval is an hour: only IDLE brings it in").isLessThan(1.0);

        await().atMost(Duration.ofSeconds(5)).until(() -> !mail.subjects(LOGIN, PASSWORD, "INBOX").contains("Quick one"));
        // after a pass that took mail in, one more search a moment later (mail the server did not announce
        // because it came between the last search and the IDLE), then back in IDLE for good
        long afterMail = imap.commands("SEARCH");
        await().atMost(MailboxConsumer.AFTER_MAIL.plusSeconds(3)).until(() -> imap.commands("SEARCH") > afterMail
                && imap.clientSaid().strip().endsWith("IDLE"));
        long searches = imap.commands("SEARCH");
        long idles = imap.commands("IDLE");
        await("no polls while nothing arrives, and the same IDLE").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(4))
                .until(() -> imap.commands("SEARCH") == searches && imap.commands("IDLE") == idles);
    }

    @Test
    void mailAnotherClientMarkedDeletedStaysInTheInboxAndOnlyTheGatewaysOwnMailIsMoved() throws Exception {
        String person = customer("pat");
        try (Store store = store()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            MimeMessage marked = mail.compose(person, SUPPORT, "Old newsletter", "Please unsubscribe me.");
            marked.setFlag(Flags.Flag.DELETED, true);
            inbox.appendMessages(new Message[] {marked});
            inbox.close(false);
        }
        String customer = customer("moe");
        mail.send(mail.compose(customer, SUPPORT, "Where is my parcel", "Order 5521 has not arrived."));
        await().atMost(Duration.ofSeconds(10)).until(() -> conversationOf(customer) != null);
        await().atMost(Duration.ofSeconds(5)).until(() -> processedSubjects().contains("Where is my parcel"));

        try (Store store = store()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> left = Arrays.stream(inbox.getMessages()).map(EmailMannersTest::subject).toList();
            assertThat(left).as("what a person marked deleted is theirs to expunge").contains("Old newsletter");
            inbox.close(false);
        }
        assertThat(conversationOf(person)).as("mail marked deleted is not taken in").isNull();
        assertThat(imap.commands("MOVE")).isPositive();
        assertThat(imap.commands("EXPUNGE")).as("never a plain EXPUNGE").isZero();
    }

    @Test
    void theFoldersTheGatewayCreatesAreSubscribed() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Store store = store()) {
                List<String> subscribed = Arrays.stream(store.getDefaultFolder().listSubscribed("*"))
                        .map(Folder::getFullName).toList();
                return subscribed.containsAll(List.of("Processed", "Quarantine"));
            }
        });
    }

    @Test
    void aReplyToAMailWithOnlyInReplyToCarriesTheWholeReferencesChain() throws Exception {
        String customer = customer("ria");
        MimeMessage question = mail.compose(customer, SUPPORT, "Re: Your order", "And the invoice, please?");
        question.setHeader("In-Reply-To", "<earlier-" + customer + ">");
        String questionId = mail.send(question);
        String conversation = await().atMost(Duration.ofSeconds(10)).until(() -> conversationOf(customer),
                id -> id != null);

        assertThat(api.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Attached to your account now.")).status()).isEqualTo(202);
        List<MimeMessage> received = await().atMost(Duration.ofSeconds(20))
                .until(() -> mail.read(customer, customer, "INBOX"), list -> list.size() == 1);
        assertThat(received.get(0).getHeader("In-Reply-To", null)).isEqualTo(questionId);
        assertThat(received.get(0).getHeader("References", null))
                .as("the parent's In-Reply-To, then the parent (RFC 5322 3.6.4)")
                .isEqualTo("<earlier-" + customer + "> " + questionId);
        assertThat(smtp.serverSaid()).as("the server offers a login").contains("AUTH");
        assertThat(smtp.commands("AUTH")).as("auth=none: the gateway sends no AUTH").isZero();
        assertThat(smtp.commands("MAIL FROM:.*")).isPositive();
    }

    @Test
    void aSecondDeliveryOfAMailIsCountedAsADuplicateAndNotFiledTwice() throws Exception {
        String customer = customer("dup");
        MimeMessage first = mail.compose(customer, SUPPORT, "Twice delivered", "Hello once.");
        String id = mail.send(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> processedSubjects().contains("Twice delivered"));
        double duplicates = intake("duplicate");

        try (Store store = store()) {
            Folder inbox = store.getFolder("INBOX");
            var again = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(("From: " + customer + "\r\nTo: " + SUPPORT + "\r\nSubject: Twice delivered"
                            + "\r\nMessage-ID: " + id + "\r\n\r\nHello once.\r\n").getBytes(StandardCharsets.UTF_8)));
            inbox.appendMessages(new Message[] {again});
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> intake("duplicate") == duplicates + 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !mail.subjects(LOGIN, PASSWORD, "INBOX").contains("Twice delivered"));
        assertThat(processedSubjects().stream().filter("Twice delivered"::equals).count()).isEqualTo(1);
        JsonNode turns = api.get("/api/v1/conversations/" + conversationOf(customer)).json().path("turns");
        assertThat(turns.size()).isEqualTo(1);
    }

    private static double intake(String outcome) {
        var counter = gateway.getBean(MeterRegistry.class).find("switchboard.email.intake").tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> processedSubjects() {
        return mail.subjects(LOGIN, PASSWORD, "Processed");
    }

    private static Store store() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", server.getImap().getPort(), LOGIN, PASSWORD);
        return store;
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String customer(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
    }

    private static String conversationOf(String address) {
        var found = api.get("/api/v1/customers?address=email:" + address);
        return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
    }
}
