package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.support.AgentApi;
import io.switchboard.support.MailClient;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/**
 * Mail that should never reach the support mailbox, sent over real SMTP to the gateway's mail
 * server: each is taken in safely or moved to quarantine with a logged reason, the poller goes on,
 * good mail around it still arrives, and no log line carries a mail body or a full address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmailBadInputTest {

    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    static {
        logs.setName("email-bad-input-test");
    }

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    MailClient mail;
    AgentApi api;
    String support;
    String login;
    String password;
    /** Addresses and body text of this test: none may appear in a log line. */
    final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void startCapture() {
        logs.start();
    }

    @AfterAll
    static void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @BeforeEach
    void connect() {
        // attached once the context is up: starting Spring Boot resets the logging configuration
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(logs.getName()) == null) {
            root.addAppender(logs);
        }
        mail = MailClient.of(environment);
        api = AgentApi.asAgent(port);
        support = environment.getRequiredProperty("switchboard.email.address");
        login = environment.getRequiredProperty("switchboard.email.imap.username");
        password = environment.getRequiredProperty("switchboard.email.imap.password");
    }

    @AfterEach
    void noLogLineCarriesAMailBodyOrAFullAddress() {
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(line).as("log line from %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    @Test
    void malformedMimeIsQuarantinedAndTheNextMailStillArrives() {
        String sender = address("broken");
        String subject = "broken-" + UUID.randomUUID();
        mail.sendRaw(sender, support, raw(sender, subject, "Content-Type: multipart/mixed\n",
                secret("there is no boundary in this multipart body") + "\n"));
        String next = address("next");
        mail.send(mail.compose(next, support, "after the broken one", secret("I still get through")));

        awaitTurns("email:" + next, 1);
        awaitQuarantined(subject);
        assertThat(customerOf("email:" + sender)).as("no turn for the broken mail").isEqualTo(404);
        assertThat(lines("quarantined")).anyMatch(line -> line.contains("malformed MIME"));
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void aMailWithoutFromIsQuarantinedAndCountedUnderAReasonOfItsOwn() {
        double before = quarantinedFor("no-sender");
        String subject = "anonymous-" + UUID.randomUUID();
        mail.sendRaw(address("envelope"), support, raw(null, subject, "", secret("who am I") + "\n"));
        awaitQuarantined(subject);
        assertThat(lines("quarantined")).anyMatch(line -> line.contains("no From address"));
        assertThat(quarantinedFor("no-sender")).isEqualTo(before + 1);
    }

    private double quarantinedFor(String reason) {
        var counter = meters.find("switchboard.email.intake").tag("outcome", "quarantined").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aThirtyMegabyteAttachmentIsQuarantinedUnread() {
        String sender = address("big");
        String subject = "big-" + UUID.randomUUID();
        String attachment = Base64.getMimeEncoder().encodeToString(new byte[30 * 1024 * 1024]);
        mail.sendRaw(sender, support, raw(sender, subject, "Content-Type: multipart/mixed; boundary=\"b\"\n", """
                --b
                Content-Type: text/plain

                the video of the damage
                --b
                Content-Type: video/mp4; name="damage.mp4"
                Content-Disposition: attachment; filename="damage.mp4"
                Content-Transfer-Encoding: base64

                """ + attachment + "\n--b--\n"));
        awaitQuarantined(subject);
        assertThat(customerOf("email:" + sender)).isEqualTo(404);
        assertThat(lines("quarantined")).anyMatch(line -> line.contains("larger than 25MB"));
    }

    @Test
    void fiveThousandRecipientsAreTakenInAndTheAnswerGoesToTheSenderOnly() throws Exception {
        String sender = address("many");
        String recipients = String.join(",\n ", IntStream.range(0, 5000).mapToObj(i -> "r" + i + "@crowd.example").toList());
        mail.sendRaw(sender, support, raw(sender, "to everyone " + UUID.randomUUID(),
                "To: " + support + ",\n " + recipients + "\n", secret("one question for all of you") + "\n"));
        String conversation = awaitTurns("email:" + sender, 1);
        JsonNode turn = api.get("/api/v1/conversations/" + conversation).json().path("turns").get(0);
        assertThat(turn.path("text").asText()).isEqualTo(secrets.get(secrets.size() - 1));
        assertThat(turn.toString()).doesNotContain("crowd.example");

        assertThat(api.post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", "Answer."))
                .status()).isEqualTo(202);
        MimeMessage answer = await().atMost(Duration.ofSeconds(30))
                .until(() -> mail.read(sender, sender, "INBOX"), list -> list.size() == 1).get(0);
        assertThat(answer.getAllRecipients()).hasSize(1);
        assertThat(answer.getAllRecipients()[0].toString()).isEqualTo(sender);
    }

    @Test
    void aMailBombOfAThousandMailsIsCappedPerSenderAndOtherMailStillArrives() {
        String bomber = address("bomb");
        String marker = "bomb-" + UUID.randomUUID();
        int cap = environment.getRequiredProperty("switchboard.email.limits.max-per-sender", Integer.class);
        mail.sendRaw(bomber, support, IntStream.range(0, 1000)
                .mapToObj(i -> raw(bomber, marker + " #" + i, "", "mail number " + i + "\n")).toList());
        String bystander = address("bystander");
        mail.send(mail.compose(bystander, support, "meanwhile", secret("my own question")));
        mail.send(mail.compose(bystander, support, "meanwhile again", secret("and one more")));

        // the gateway moves mail while this counts: the server may answer a search for a mail just moved
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptionsInstanceOf(IllegalStateException.class)
                .until(() -> mail.count(login, password, "INBOX") == 0);
        assertThat(mail.subjects(login, password, "Quarantine").stream().filter(s -> s.startsWith(marker)).count())
                .isEqualTo(1000 - cap);
        awaitTurns("email:" + bystander, 2);
        String conversation = api.currentConversationOf("email:" + bomber);
        assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(cap);
        assertThat(mail.subjects(login, password, "INBOX")).noneMatch(s -> s.startsWith(marker));
        assertThat(lines("quarantined")).anyMatch(line -> line.contains("more than " + cap + " mails from one sender"));
    }

    @Test
    void anInvalidCharsetIsReadAnyway() {
        String sender = address("charset");
        mail.sendRaw(sender, support, raw(sender, "=?x-unknown?Q?Hallo?=",
                "Content-Type: text/plain; charset=\"x-no-such-charset\"\nContent-Transfer-Encoding: 8bit\n",
                "Grüße aus Köln, " + secret("bitte um Rückruf") + "\n"));
        String conversation = awaitTurns("email:" + sender, 1);
        assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns").get(0).path("text").asText())
                .isEqualTo("Grüße aus Köln, " + secrets.get(secrets.size() - 1));
    }

    @Test
    void htmlWithScriptsIsTakenInAsTextAndShownToAgentsOnlySanitised() {
        String sender = address("html");
        mail.sendRaw(sender, support, raw(sender, "html " + UUID.randomUUID(), "Content-Type: text/html; charset=UTF-8\n",
                HtmlMail.HOSTILE));
        String conversation = awaitTurns("email:" + sender, 1);
        JsonNode turn = api.get("/api/v1/conversations/" + conversation).json().path("turns").get(0);
        assertThat(turn.path("text").asText()).isEqualTo("Please help me with order 5.\nclick");
        String original = turn.path("metadata").path("original").asText();
        var html = api.get(original + "/html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("<b>help</b>").doesNotContain("<script").doesNotContain("onerror")
                .doesNotContain("javascript:").doesNotContain("alert");
        assertThat(api.get(original).json().path("text").asText()).as("the HTML's text for agents")
                .contains("Please help me with order 5.").doesNotContain("alert").doesNotContain("pwned");
    }

    private String awaitTurns(String address, int turns) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (customerOf(address) != 200) {
                return null;
            }
            String conversation = api.currentConversationOf(address);
            return api.get("/api/v1/conversations/" + conversation).json().path("turns").size() == turns
                    ? conversation : null;
        }, id -> id != null);
    }

    private void awaitQuarantined(String subject) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> mail.subjects(login, password, "Quarantine").contains(subject));
        assertThat(mail.subjects(login, password, "INBOX")).doesNotContain(subject);
    }

    private int customerOf(String address) {
        return api.get("/api/v1/customers?address=" + address).status();
    }

    private List<String> lines(String containing) {
        return List.copyOf(logs.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains(containing)).toList();
    }

    private String address(String kind) {
        String address = kind + "-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        secrets.add(address);
        return address;
    }

    private String secret(String text) {
        secrets.add(text);
        return text;
    }

    private String raw(String from, String subject, String headers, String body) {
        String head = (from == null ? "" : "From: " + from + "\n") + (headers.startsWith("To:") ? "" : "To: " + support + "\n")
                + "Subject: " + subject + "\nMessage-ID: <" + UUID.randomUUID() + "@bad.example>\nMIME-Version: 1.0\n"
                + headers;
        return (head + "\n" + body).replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
