package io.switchboard.conformance;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.MailClient;
import io.switchboard.support.SmtpStandIn;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * E-mail passes the conformance suite over real SMTP and IMAP: customers' mail goes to the
 * gateway's mail server (in-process) and is read from the support mailbox; replies go out through a
 * stand-in SMTP server that accepts, refuses for a moment (451) or refuses for good (550). Sender
 * verification runs as in production, with one trusted receiving server whose Authentication-Results
 * this test writes: anyone may send mail, so a mail that fails DMARC is kept apart and marked
 * unverified, not refused. A refusal is the mail moved to the quarantine folder, under the reason it
 * was counted for. The only receipt mail has is a bounce.
 */
class EmailConformanceTest extends ConnectorConformance {

    static final String TRUSTED = "mx.conformance.test";
    static final Session PARSER = Session.getInstance(new Properties());

    static SmtpStandIn relay;
    static ConfigurableApplicationContext gateway;
    static AgentApi api;
    static MailClient mail;
    static String support;

    @BeforeAll
    static void start() throws IOException {
        relay = new SmtpStandIn();
        gateway = Gateways.start("camel.kamelet.email-sink.port=" + relay.port(),
                "switchboard.email.sender-verification=require", "switchboard.email.trusted-authserv-ids=" + TRUSTED,
                "switchboard.email.limits.max-message-size=64KB", "switchboard.email.imap.poll-interval=500ms",
                "switchboard.delivery.outbox.initial-backoff=200ms", "switchboard.delivery.outbox.max-backoff=500ms");
        api = AgentApi.asAgent(Gateways.httpPort(gateway));
        mail = MailClient.of(gateway.getEnvironment());
        support = gateway.getEnvironment().getRequiredProperty("switchboard.email.address");
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        relay.close();
    }

    @Override
    protected String channel() {
        return "email";
    }

    @Override
    protected AgentApi api() {
        return api;
    }

    @Override
    protected String newSender() {
        return "c-" + UUID.randomUUID().toString().substring(0, 12) + "@customer.example";
    }

    @Override
    protected Unauthenticated unauthenticated() {
        return Unauthenticated.KEPT_UNVERIFIED;
    }

    @Override
    protected Set<Report> receipts() {
        return Set.of(Report.FAILED);
    }

    @Override
    protected Delivery deliver(String providerId, String from, String text) {
        return send(from, mail.compose(from, support, "Conformance", text), providerId, "pass");
    }

    @Override
    protected Delivery deliverWithAttachment(String providerId, String from, String text) {
        return send(from, mail.compose(from, support, "Conformance", text, "<p>" + text + "</p>", "damage.jpg",
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00}), providerId, "pass");
    }

    @Override
    protected Delivery deliverUnauthenticated(String providerId, String from, String text) {
        return send(from, mail.compose(from, support, "Conformance", text), providerId, "fail");
    }

    @Override
    protected Delivery deliverMalformed(String from) {
        String id = "<" + UUID.randomUUID() + "@customer.example>";
        Map<String, Double> before = quarantined();
        mail.sendRaw(from, support, """
                From: %s
                To: %s
                Subject: broken
                Message-ID: %s
                MIME-Version: 1.0
                Content-Type: multipart/mixed

                a multipart body without a boundary
                """.formatted(from, support, id).replace("\n", "\r\n"));
        return quarantinedSince(before, id);
    }

    @Override
    protected Delivery deliverOversize(String providerId, String from) {
        String id = messageId(providerId);
        Map<String, Double> before = quarantined();
        send(from, mail.compose(from, support, "Conformance", "x".repeat(100 * 1024)), providerId, "pass");
        return quarantinedSince(before, id);
    }

    @Override
    protected void providerWill(Outcome outcome, String to) {
        relay.answer(to, switch (outcome) {
            case ACCEPT -> SmtpStandIn.Answer.ACCEPT;
            case FAIL_ONCE_THEN_ACCEPT -> SmtpStandIn.Answer.FAIL_ONCE;
            case REFUSE -> SmtpStandIn.Answer.REFUSE;
        });
    }

    @Override
    protected List<String> acceptedFor(String to) {
        return relay.acceptedFor(to).stream().map(m -> plainText(parse(m.data()))).toList();
    }

    @Override
    protected int attemptsFor(String to) {
        return relay.attemptsFor(to);
    }

    /** A bounce (RFC 3464) of the reply with this text, as the customer's mail server would send it. */
    @Override
    protected void report(String to, String text, Report report) {
        if (report != Report.FAILED) {
            throw new UnsupportedOperationException("mail reports only failures");
        }
        String replyId = relay.acceptedFor(to).stream().map(m -> parse(m.data()))
                .filter(m -> plainText(m).equals(text)).map(EmailConformanceTest::messageIdOf).findFirst().orElseThrow();
        mail.sendRaw("", support, """
                From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <dsn-%s@mx.customer.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

                --dsn
                Content-Type: text/plain

                Your message could not be delivered.
                --dsn
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.customer.example
                Final-Recipient: rfc822; %s
                Action: failed
                Status: 5.2.1
                --dsn
                Content-Type: text/rfc822-headers

                From: Support <%s>
                To: %s
                Message-ID: %s
                --dsn--
                """.formatted(support, UUID.randomUUID(), to, support, to, replyId).replace("\n", "\r\n"));
    }

    /** Sends the mail under the suite's id with what the trusted receiving server found of its sender. */
    private static Delivery send(String from, MimeMessage message, String providerId, String dmarc) {
        try {
            String domain = from.substring(from.indexOf('@') + 1);
            message.setHeader("Authentication-Results", TRUSTED + "; dmarc=" + dmarc + " header.from=" + domain);
            message.setHeader("Message-ID", messageId(providerId));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        mail.send(message);
        return Delivery.accepted();
    }

    private static String messageId(String providerId) {
        return "<" + providerId + "@customer.example>";
    }

    /** Waits for the mail to reach the quarantine folder; the reason is the one its count went up under. */
    private static Delivery quarantinedSince(Map<String, Double> before, String messageId) {
        String login = gateway.getEnvironment().getRequiredProperty("switchboard.email.imap.username");
        String password = gateway.getEnvironment().getRequiredProperty("switchboard.email.imap.password");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.read(login, password, "Quarantine").stream()
                .anyMatch(m -> messageId.equals(messageIdOf(m))));
        Map<String, Double> after = quarantined();
        String reason = after.keySet().stream().filter(r -> after.get(r) > before.getOrDefault(r, 0.0)).findFirst()
                .orElseThrow(() -> new AssertionError("quarantined, but counted under no reason"));
        return Delivery.refused(switch (reason) {
            case "too-large" -> Refusal.TOO_LARGE;
            case "flood" -> Refusal.RETRY_LATER;
            default -> Refusal.INVALID;
        }, "quarantined: " + reason);
    }

    private static Map<String, Double> quarantined() {
        var counts = new HashMap<String, Double>();
        for (Counter c : gateway.getBean(MeterRegistry.class).find("switchboard.email.intake")
                .tag("outcome", "quarantined").counters()) {
            counts.put(c.getId().getTag("reason"), c.count());
        }
        return counts;
    }

    private static MimeMessage parse(String data) {
        try {
            return new MimeMessage(PARSER, new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageIdOf(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain part of a reply (text with an HTML alternative). */
    private static String plainText(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof String text) {
                return text.strip();
            }
            Multipart parts = (Multipart) content;
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return ((String) part.getContent()).strip();
                }
            }
            return "";
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
