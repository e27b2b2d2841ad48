package io.switchboard.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.HostileInput;
import io.switchboard.support.MailClient;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * An attacker writing e-mail to the support address over real SMTP, with sender verification as in
 * production: only the receiving server {@code mx.switchboard.test} is trusted, and this test writes
 * on top of each mail what that server would (or nothing, as for a sender it could not check).
 */
@Tag("hostile-input")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.email.sender-verification=require",
        "switchboard.email.trusted-authserv-ids=mx.switchboard.test",
        "switchboard.email.limits.max-message-size=256KB"})
@ActiveProfiles("test")
class EmailHostileInputTest {

    static final String TRUSTED = "mx.switchboard.test";
    final HostileInput cases = HostileInput.on("email");

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JdbcTemplate jdbc;

    MailClient mail;
    String support;
    AgentApi supervisor;
    String domain;

    @BeforeEach
    void setUp() {
        mail = MailClient.of(environment);
        support = environment.getRequiredProperty("switchboard.email.address");
        supervisor = AgentApi.asSupervisor(port);
        domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    @Test
    void aForgedFromNeverJoinsTheCustomersConversationNorRedirectsTheirReplies() throws Exception {
        String alice = "alice@" + domain;
        String attacker = "mallory@evil-" + domain;
        MimeMessage genuine = mail.compose(alice, support, "Order 4711", "Where is my order 4711?");
        genuine.addHeader("Authentication-Results", TRUSTED + "; spf=pass smtp.mailfrom=" + domain
                + "; dkim=pass header.d=" + domain + "; dmarc=pass header.from=" + domain);
        String genuineId = mail.send(genuine);
        String aliceConversation = awaitConversationOf(genuineId);
        String aliceCustomer = supervisor.get("/api/v1/conversations/" + aliceConversation).json().path("customerId").asText();
        assertThat(supervisor.get("/api/v1/conversations/" + aliceConversation).json().has("unverified")).isFalse();
        assertThat(supervisor.currentConversationOf("email:" + alice)).isEqualTo(aliceConversation);

        var forgeries = List.of(
                new Forgery("forged From, Reply-To to the attacker, no authentication results", List.of()),
                new Forgery("forged From without a Reply-To, no authentication results", List.of()),
                new Forgery("forged From, dmarc=pass from a server nobody trusts",
                        List.of("mx.evil-" + domain + "; dmarc=pass header.from=" + domain)),
                new Forgery("forged dmarc=pass under the trusted server's own dmarc=fail",
                        List.of(TRUSTED + "; spf=fail smtp.mailfrom=evil-" + domain + "; dkim=none; dmarc=fail header.from="
                                + domain, TRUSTED + "; dkim=pass header.d=" + domain + "; dmarc=pass header.from=" + domain)),
                new Forgery("forged From, DKIM signed by the attacker's own domain",
                        List.of(TRUSTED + "; dkim=pass header.d=evil-" + domain + "; dmarc=fail header.from=" + domain)));
        for (Forgery forgery : forgeries) {
            MimeMessage forged = mail.compose(alice, support, "Change my delivery address",
                    "Please send my order 4711 to a new address. " + forgery.name());
            if (forgery.name().contains("Reply-To to the attacker") || forgery.name().contains("server")
                    || forgery.name().contains("DKIM")) {
                forged.setHeader("Reply-To", attacker);
            }
            for (String header : forgery.authenticationResults()) {
                forged.addHeader("Authentication-Results", header);
            }
            String id = mail.send(forged);
            String conversation = awaitConversationOf(id);
            JsonNode detail = supervisor.get("/api/v1/conversations/" + conversation).json();
            cases.refused(forgery.name(), !conversation.equals(aliceConversation)
                            && detail.path("unverified").isTextual() && !detail.path("customerId").asText().equals(aliceCustomer),
                    () -> turnTexts(aliceConversation).stream().anyMatch(t -> t.contains(forgery.name())));
            assertThat(detail.path("turns").get(0).path("metadata").path("unverified").asText()).isNotBlank();
        }
        assertThat(supervisor.currentConversationOf("email:" + alice)).as("the address is still Alice's")
                .isEqualTo(aliceConversation);

        // the agent answers the forged mail: it goes to the mailbox of the From address, never to the Reply-To
        String forgedConversation = awaitConversationOf(mail.send(forgedFrom(alice, attacker, "Send the invoice to me")));
        var reply = supervisor.post("/api/v1/conversations/" + forgedConversation + "/replies",
                AgentApi.json("text", "Your invoice for order 4711 is attached."));
        assertThat(reply.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.read(alice, alice, "INBOX").size() == 1);
        cases.refused("a reply to a forged mail redirected to its Reply-To",
                reply.json().path("address").asText().equals("email:" + alice),
                () -> !mail.read(attacker, attacker, "INBOX").isEmpty());
    }

    @Test
    void aNewSenderWithoutEvidenceStaysApartUntilTheyAnswerAMailOfOurs() throws Exception {
        String bob = "bob@" + domain;
        String first = mail.send(mail.compose(bob, support, "Hello", "My domain publishes no DMARC policy."));
        String conversation = awaitConversationOf(first);
        String profile = supervisor.get("/api/v1/conversations/" + conversation).json().path("customerId").asText();
        assertThat(supervisor.get("/api/v1/customers?address=email:" + bob).status())
                .as("the address is nobody's yet").isEqualTo(404);
        assertThat(supervisor.get("/api/v1/customers/" + profile).json().path("customer").path("unverified").asText())
                .isEqualTo("no authentication results from the trusted receiving server");

        supervisor.post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", "How can we help?"));
        String ours = await().atMost(Duration.ofSeconds(20)).until(() -> mail.read(bob, bob, "INBOX"), l -> l.size() == 1)
                .get(0).getHeader("Message-ID", null);
        MimeMessage answer = mail.compose(bob, support, "Re: Hello", "I need a new charger.");
        setHeader(answer, "In-Reply-To", ours);
        mail.send(answer);
        await().atMost(Duration.ofSeconds(20)).until(() -> turnTexts(conversation).contains("I need a new charger."));

        JsonNode customer = supervisor.get("/api/v1/customers?address=email:" + bob).json();
        assertThat(customer.path("customer").path("id").asText()).as("the answer proved the address").isEqualTo(profile);
        assertThat(customer.path("customer").has("unverified")).isFalse();
        JsonNode turns = supervisor.get("/api/v1/conversations/" + conversation).json().path("turns");
        assertThat(turns.get(0).path("metadata").path("unverified").isTextual()).as("the first mail stays marked").isTrue();
        assertThat(turns.get(2).path("metadata").path("senderEvidence").asText()).contains("answers a message we sent");
    }

    @Test
    void anAgentMergesAnUnverifiedSenderOnEvidenceAndUndoesItWithoutTakingTheAddress() throws Exception {
        String carol = "carol@" + domain;
        MimeMessage genuine = mail.compose(carol, support, "Hi", "Genuine question.");
        genuine.addHeader("Authentication-Results", TRUSTED + "; dmarc=pass header.from=" + domain);
        String carolConversation = awaitConversationOf(mail.send(genuine));
        String carolId = supervisor.get("/api/v1/conversations/" + carolConversation).json().path("customerId").asText();
        String unverifiedConversation = awaitConversationOf(mail.send(
                mail.compose(carol, support, "From my phone", "Sent from my phone, my mail app does not sign.")));
        String unverifiedId = supervisor.get("/api/v1/conversations/" + unverifiedConversation).json()
                .path("customerId").asText();
        assertThat(unverifiedId).isNotEqualTo(carolId);

        var merged = supervisor.post("/api/v1/customers/" + carolId + "/merge", AgentApi.json("customerId", unverifiedId,
                "evidence", "called Carol back on her number on file"));
        assertThat(merged.status()).isEqualTo(200);
        assertThat(merged.json().path("addresses")).as("no address moves with an unverified profile").isEmpty();
        assertThat(supervisor.get("/api/v1/audit?subjectType=customer&subjectId=" + carolId).json()
                .findValuesAsText("action")).contains("customer.merged");

        var undone = supervisor.post("/api/v1/customers/" + carolId + "/unmerge",
                AgentApi.json("linkId", merged.json().path("id").asText()));
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(supervisor.get("/api/v1/customers/" + unverifiedId).json().path("customer").has("mergedInto")).isFalse();
        assertThat(supervisor.get("/api/v1/customers?address=email:" + carol).json().path("customer").path("id").asText())
                .as("the undo gives the unverified profile nothing of Carol's").isEqualTo(carolId);
    }

    @Test
    void oversizeAndMalformedMailIsQuarantinedAndStoresNothing() {
        String sender = "big@" + domain;
        String login = environment.getRequiredProperty("switchboard.email.imap.username");
        String password = environment.getRequiredProperty("switchboard.email.imap.password");
        mail.send(mail.compose(sender, support, "Huge", "x".repeat(400 * 1024)));
        mail.sendRaw(sender, support, "From: " + sender + "\r\nSubject: broken\r\nMessage-ID: <broken-" + domain
                + ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nno boundary at all " + domain + "\r\n");
        // these two by their sender: other tests' mail may land in the folder meanwhile
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.read(login, password, "Quarantine").stream()
                .filter(quarantined -> from(quarantined).contains(sender)).count() == 2);
        cases.refused("a mail over the size limit", true, () -> storedFrom(sender));
        cases.refused("a multipart mail without a boundary", true, () -> storedFrom(sender));
    }

    private record Forgery(String name, List<String> authenticationResults) {
    }

    private MimeMessage forgedFrom(String victim, String attacker, String text) {
        MimeMessage forged = mail.compose(victim, support, "Invoice", text);
        setHeader(forged, "Reply-To", attacker);
        return forged;
    }

    private static String from(MimeMessage mail) {
        try {
            return String.valueOf(mail.getHeader("From", ","));
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setHeader(MimeMessage mail, String name, String value) {
        try {
            mail.setHeader(name, value);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The conversation the mail with this Message-ID became a turn of. */
    @Test
    void aForgedMailCannotWithdrawTheConsentOfTheAddressItClaims() throws Exception {
        String olga = "olga@" + domain;
        MimeMessage genuine = mail.compose(olga, support, "Order 5150", "Has order 5150 left the warehouse?");
        genuine.addHeader("Authentication-Results", TRUSTED + "; spf=pass smtp.mailfrom=" + domain
                + "; dkim=pass header.d=" + domain + "; dmarc=pass header.from=" + domain);
        String customer = supervisor.get("/api/v1/conversations/" + awaitConversationOf(mail.send(genuine))).json()
                .path("customerId").asText();

        awaitConversationOf(mail.send(mail.compose(olga, support, "Unsubscribe", "Do not email me again, ever.")));
        BooleanSupplier untouched = () -> supervisor.get("/api/v1/customers/" + customer + "/consent").json()
                .path("history").isEmpty();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(untouched::getAsBoolean);
        cases.refused("a forged mail saying \"do not email me\" for the address's owner", untouched.getAsBoolean(),
                () -> !untouched.getAsBoolean());
    }

    private String awaitConversationOf(String messageId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForList(
                "select conversation_id from turn where provider_message_id = ? and moved_to is null", String.class,
                messageId).stream().findFirst().orElse(null), id -> id != null);
    }

    private List<String> turnTexts(String conversation) {
        return supervisor.get("/api/v1/conversations/" + conversation).json().path("turns").findValuesAsText("text");
    }

    private boolean storedFrom(String sender) {
        return jdbc.queryForObject("select count(*) from turn where customer_address = ?", Integer.class,
                "email:" + sender) > 0
                || jdbc.queryForObject("select count(*) from mail_message where from_address = ?", Integer.class, sender) > 0;
    }
}
