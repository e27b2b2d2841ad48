package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.support.AgentApi;
import io.switchboard.support.MailClient;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway against a mail server of its own (GreenMail over real SMTP and IMAP, the embedded one
 * switched off, as in production): mail in, reply out in the customer's thread, their answer back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class EmailEndToEndTest {

    static final String SUPPORT = "help@shop.example";
    static final String LOGIN = "helpdesk";
    /** Characters that break a URI if a connector does not carry it as a value. */
    static final String PASSWORD = "s3cr&t+p%w=?#";
    static final GreenMail server = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});

    static {
        server.start();
        server.setUser(SUPPORT, LOGIN, PASSWORD);
    }

    @LocalServerPort
    int port;

    final MailClient mail = new MailClient("127.0.0.1", server.getSmtp().getPort(), server.getImap().getPort());

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("switchboard.email.embedded-server.enabled", () -> "false");
        registry.add("switchboard.email.address", () -> SUPPORT);
        registry.add("switchboard.email.imap.host", () -> "127.0.0.1");
        registry.add("switchboard.email.imap.port", () -> server.getImap().getPort());
        registry.add("switchboard.email.imap.username", () -> LOGIN);
        registry.add("switchboard.email.imap.password", () -> PASSWORD);
        registry.add("switchboard.email.smtp.host", () -> "127.0.0.1");
        registry.add("switchboard.email.smtp.port", () -> server.getSmtp().getPort());
        registry.add("switchboard.email.smtp.username", () -> LOGIN);
        registry.add("switchboard.email.smtp.password", () -> PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Test
    void aMailBecomesATurnTheReplyLandsInTheCustomersThreadAndTheirAnswerJoinsTheConversation() throws Exception {
        var api = AgentApi.asAgent(port);
        String customer = "dana-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        MimeMessage first = mail.compose("Dana <" + customer + ">", SUPPORT, "Kettle arrived broken",
                "Hello,\nmy kettle arrived broken (order 4411).\n\n-- \nDana\n");
        String firstId = mail.send(first);

        String conversation = await().atMost(Duration.ofSeconds(20)).until(() -> conversationOf(api, "email:" + customer),
                id -> id != null);
        JsonNode detail = api.get("/api/v1/conversations/" + conversation).json();
        assertThat(detail.path("status").asText()).isEqualTo("queued");
        JsonNode turn = detail.path("turns").get(0);
        assertThat(turn.path("channel").asText()).isEqualTo("email");
        assertThat(turn.path("text").asText()).as("signature cut").isEqualTo("Hello,\nmy kettle arrived broken (order 4411).");
        assertThat(turn.path("subject").asText()).isEqualTo("Kettle arrived broken");
        assertThat(turn.path("providerMessageId").asText()).isEqualTo(firstId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(mail.count(LOGIN, PASSWORD, "INBOX")).isZero();
            assertThat(mail.count(LOGIN, PASSWORD, "Processed")).isPositive();
        });
        JsonNode original = api.get(turn.path("metadata").path("original").asText()).json();
        assertThat(original.path("text").asText()).contains("-- \nDana");
        assertThat(original.path("from").asText()).isEqualTo(customer);

        var reply = api.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Sorry to hear that, Dana! A new kettle is on its way."));
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("channel").asText()).isEqualTo("email");

        List<MimeMessage> received = await().atMost(Duration.ofSeconds(20))
                .until(() -> mail.read(customer, customer, "INBOX"), list -> list.size() == 1);
        MimeMessage answer = received.get(0);
        assertThat(answer.getFrom()[0].toString()).contains(SUPPORT);
        assertThat(answer.getSubject()).isEqualTo("Re: Kettle arrived broken");
        assertThat(answer.getHeader("In-Reply-To", null)).isEqualTo(firstId);
        assertThat(answer.getHeader("References", null)).isEqualTo(firstId);
        assertThat(answer.getContentType()).startsWith("multipart/alternative");
        var parts = (MimeMultipart) answer.getContent();
        assertThat(parts.getBodyPart(0).getContent().toString()).isEqualTo("Sorry to hear that, Dana! A new kettle is on its way.");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        String answerId = answer.getMessageID();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode sent = api.get("/api/v1/conversations/" + conversation).json().path("turns").get(1);
            assertThat(sent.path("delivery").path("status").asText()).isEqualTo("sent");
            assertThat(sent.path("providerMessageId").asText()).isEqualTo(answerId);
        });

        MimeMessage answerBack = mail.compose(customer, SUPPORT, "Photos of the box",
                "Thanks! Here is the box.\n\nOn Tue, 3 Mar 2026 at 10:12, Support <" + SUPPORT + "> wrote:\n"
                        + "> Sorry to hear that, Dana! A new kettle is on its way.\n");
        answerBack.setHeader("In-Reply-To", answerId);
        answerBack.setHeader("References", firstId + " " + answerId);
        mail.send(answerBack);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(3));
        JsonNode after = api.get("/api/v1/conversations/" + conversation).json();
        assertThat(after.path("turns").get(2).path("text").asText()).isEqualTo("Thanks! Here is the box.");
        assertThat(after.path("turns").get(2).path("subject").asText()).isEqualTo("Photos of the box");
        assertThat(after.path("status").asText()).isEqualTo("assigned");
        assertThat(api.currentConversationOf("email:" + customer)).isEqualTo(conversation);
    }

    @Test
    void aReplyToAddressGetsAnswersOnlyOnceAnAgentConfirmedItAndAnAutoReplyIsRecordedButNeverAnswered() throws Exception {
        var api = AgentApi.asAgent(port);
        String customer = "eli-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String team = "orders-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        server.setUser(customer, customer, customer);
        server.setUser(team, team, team);
        MimeMessage question = mail.compose(customer, SUPPORT, "Invoice copy", "Could you send the invoice again?");
        question.setHeader("Reply-To", "Orders Team <" + team + ">");
        mail.send(question);
        String conversation = await().atMost(Duration.ofSeconds(20)).until(() -> conversationOf(api, "email:" + customer),
                id -> id != null);
        String customerId = api.get("/api/v1/conversations/" + conversation).json().path("customerId").asText();
        assertThat(api.get("/api/v1/customers/" + customerId).json().path("customer").path("claims")
                .findValuesAsText("address")).as("the Reply-To waits for an agent").containsExactly("email:" + team);

        assertThat(api.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Here it is.")).status()).isEqualTo(202);
        List<MimeMessage> atCustomer = await().atMost(Duration.ofSeconds(20))
                .until(() -> mail.read(customer, customer, "INBOX"), list -> list.size() == 1);
        assertThat(mail.read(team, team, "INBOX")).as("nothing to an address nobody confirmed").isEmpty();
        String replyId = atCustomer.get(0).getMessageID();
        assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns").get(1).path("address").asText())
                .as("the exact recipient is on the turn").isEqualTo("email:" + customer);

        MimeMessage outOfOffice = mail.compose(customer, SUPPORT, "Automatic reply: Re: Invoice copy",
                "I am out of the office until Monday.");
        outOfOffice.setHeader("Auto-Submitted", "auto-replied");
        outOfOffice.setHeader("In-Reply-To", replyId);
        mail.send(outOfOffice);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(3));
        JsonNode detail = api.get("/api/v1/conversations/" + conversation).json();
        JsonNode auto = detail.path("turns").get(2);
        assertThat(auto.path("metadata").path("automated").asText()).isEqualTo("auto-reply");
        assertThat(detail.path("status").asText()).as("still waiting for the customer").isEqualTo("waiting-for-customer");
        assertThat(detail.path("decisions")).as("not routed again").hasSize(1);

        assertThat(api.post("/api/v1/customers/" + customerId + "/claims/confirm", AgentApi.json("address",
                "email:" + team)).status()).isEqualTo(200);
        var next = api.post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", "Anything else?"));
        assertThat(next.status()).isEqualTo(202);
        assertThat(next.json().path("address").asText()).isEqualTo("email:" + team);
        List<MimeMessage> atTeam = await().atMost(Duration.ofSeconds(20))
                .until(() -> mail.read(team, team, "INBOX"), list -> list.size() == 1);
        MimeMessage followUp = atTeam.get(0);
        assertThat(followUp.getSubject()).as("the automaton's subject is not taken").isEqualTo("Re: Invoice copy");
        assertThat(followUp.getHeader("In-Reply-To", null)).as("answers the customer, not the automaton")
                .isEqualTo(question.getMessageID());
    }

    @Test
    void aBounceOfOurReplyMarksItsDeliveryFailedInsteadOfBecomingAConversation() throws Exception {
        var api = AgentApi.asAgent(port);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String customer = "gone-" + tag + "@customer.example";
        mail.send(mail.compose(customer, SUPPORT, "Refund", "Where is my refund?"));
        String conversation = await().atMost(Duration.ofSeconds(20)).until(() -> conversationOf(api, "email:" + customer),
                id -> id != null);
        assertThat(api.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "It is on its way.")).status()).isEqualTo(202);
        String replyId = await().atMost(Duration.ofSeconds(20))
                .until(() -> mail.read(customer, customer, "INBOX"), list -> list.size() == 1).get(0).getMessageID();

        String daemon = "MAILER-DAEMON@mx-" + tag + ".example";
        mail.sendRaw("", SUPPORT, ("""
                From: Mail Delivery System <%s>
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <dsn-%s@mx.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

                --dsn
                Content-Type: text/plain

                Your message could not be delivered to one or more recipients.
                --dsn
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example
                Final-Recipient: rfc822; %s
                Action: failed
                Status: 5.1.1
                --dsn
                Content-Type: text/rfc822-headers

                From: Support <%s>
                To: %s
                Message-ID: %s
                Subject: Re: Refund
                --dsn--
                """).formatted(daemon, SUPPORT, tag, customer, SUPPORT, customer, replyId).replace("\n", "\r\n"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode reply = api.get("/api/v1/conversations/" + conversation).json().path("turns").get(1);
            assertThat(reply.path("delivery").path("status").asText()).isEqualTo("failed");
            assertThat(reply.path("delivery").path("detail").asText()).isEqualTo("bounced");
        });
        assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(2);
        assertThat(api.get("/api/v1/customers?address=email:" + daemon.toLowerCase()).status()).isEqualTo(404);
    }

    @Test
    void mailFromOurOwnAddressIsIgnored() {
        var api = AgentApi.asAgent(port);
        String marker = UUID.randomUUID().toString();
        mail.send(mail.compose(SUPPORT, SUPPORT, "Loop " + marker, "This must not become a conversation."));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.read(LOGIN, PASSWORD, "Processed").stream()
                .anyMatch(m -> subject(m).equals("Loop " + marker)));
        assertThat(api.get("/api/v1/customers?address=email:" + SUPPORT).status()).isEqualTo(404);
    }


    private static String subject(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String conversationOf(AgentApi api, String address) {
        var found = api.get("/api/v1/customers?address=" + address);
        return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
    }
}
