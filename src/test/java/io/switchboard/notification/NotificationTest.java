package io.switchboard.notification;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.MutableClock;
import io.switchboard.support.TwilioGatewayTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A notification from a company system: it takes the channel the customer prefers among those their
 * consent allows, waits out their quiet hours, is sent once however often the request is repeated,
 * and the customer's answer joins the conversation that holds it.
 */
@Import(MutableClock.Config.class)
// the test sends a batch's items itself, one run at a time
@TestPropertySource(properties = "switchboard.notifications.batch-interval=1h")
class NotificationTest extends TwilioGatewayTest {

    /** 10:00 in San Francisco (UTC-8 in January): outside quiet hours. */
    static final Instant MORNING = Instant.parse("2030-01-08T18:00:00Z");
    /** 22:00 in San Francisco: inside them, until 08:00, which is 16:00 UTC the next day. */
    static final Instant NIGHT = Instant.parse("2030-01-09T06:00:00Z");

    @Autowired
    MutableClock clock;

    @Autowired
    Notifications notifications;

    @Autowired
    NotificationBatches batches;

    final String marker = UUID.randomUUID().toString().substring(0, 8);
    final String phone = "+1415" + (2_000_000 + (int) (Math.random() * 7_999_999));

    @Test
    void itGoesOnThePreferredChannelTheConsentAllowsOnceAndTheAnswerJoinsItsConversation() {
        clock.set(MORNING);
        var supervisor = AgentApi.asSupervisor(port);
        String customerId = customerWhoTexted(supervisor);
        String email = "note-" + marker + "@customer.example";
        assertThat(supervisor.post("/api/v1/customers/" + customerId + "/addresses",
                AgentApi.json("address", "email:" + email, "evidence", "given on the phone")).status()).isEqualTo(201);
        assertThat(supervisor.put("/api/v1/customers/" + customerId + "/preferred-channel",
                AgentApi.json("channel", "email")).status()).isEqualTo(200);
        assertThat(supervisor.put("/api/v1/customers/" + customerId + "/consent", AgentApi.json("address",
                "email:" + email, "purpose", "notifications", "granted", "false", "words", "no e-mails please"))
                .status()).isEqualTo(200);
        String first = supervisor.currentConversationOf("sms:" + phone);
        supervisor.post("/api/v1/conversations/" + first + "/resolve", "{}");
        await().atMost(Duration.ofSeconds(10)).until(() -> "resolved".equals(
                supervisor.get("/api/v1/conversations/" + first).json().path("status").asText()));

        var crm = system();
        String body = request(customerId, "order-shipped", "notifications", "ship-" + marker, null, null);
        var sent = crm.post("/api/v1/notifications", body);
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        JsonNode notification = sent.json();
        assertThat(notification.path("state").asText()).isEqualTo("SENT");
        assertThat(notification.path("channel").asText()).as("e-mail is preferred, but has no consent")
                .isEqualTo("sms");
        String text = "Your order A-" + marker + " has shipped and arrives tomorrow. Reply here with any question.";
        await().atMost(Duration.ofSeconds(20)).until(() -> twilio.messagesTo(phone).stream()
                .anyMatch(m -> text.equals(m.get("Body"))));

        var again = crm.post("/api/v1/notifications", body);
        assertThat(again.status()).as("the same key again").isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(notification.path("id").asText());
        assertThat(notifications.release(notification.path("id").asText()).state())
                .isEqualTo(Notification.State.SENT);
        String conversation = notification.path("conversationId").asText();
        assertThat(conversation).as("a resolved conversation is not reopened by it").isNotEqualTo(first);

        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, "Can you leave it next door?"))
                .status()).isEqualTo(200);
        JsonNode turns = supervisor.get("/api/v1/conversations/" + conversation).json().path("turns");
        assertThat(turns).hasSize(2);
        assertThat(turns.get(0).path("text").asText()).isEqualTo(text);
        assertThat(turns.get(0).path("metadata").path("kind").asText()).isEqualTo("notification");
        assertThat(turns.get(1).path("text").asText()).isEqualTo("Can you leave it next door?");
        assertThat(twilio.messagesTo(phone).stream().filter(m -> text.equals(m.get("Body")))).as("sent once")
                .hasSize(1);
    }

    @Test
    void itWaitsOutTheQuietHoursInTheCustomersZoneAndNeverGoesOutExpiredOrWithoutConsent() {
        clock.set(MORNING);
        var supervisor = AgentApi.asSupervisor(port);
        String customerId = customerWhoTexted(supervisor);
        var crm = system();
        clock.set(NIGHT);

        JsonNode waiting = crm.post("/api/v1/notifications", request(customerId, "appointment-moved",
                "notifications", "moved-" + marker, null, null)).json();
        assertThat(waiting.path("state").asText()).isEqualTo("SCHEDULED");
        assertThat(Instant.parse(waiting.path("dueAt").asText())).isEqualTo(Instant.parse("2030-01-09T16:00:00Z"));
        // the caller's records know better: 07:00 in Berlin, quiet until 08:00 there
        var inBerlin = new LinkedHashMap<String, Object>(Map.of("customerId", customerId, "template", "appointment-moved",
                "variables", Map.of("when", "Friday 10:00"), "idempotencyKey", "berlin-" + marker,
                "expiresAt", "2030-01-09T08:00:00Z", "timeZone", "Europe/Berlin"));
        JsonNode berlin = crm.post("/api/v1/notifications", InboxTeam.write(inBerlin)).json();
        assertThat(berlin.path("state").asText()).isEqualTo("SCHEDULED");
        assertThat(Instant.parse(berlin.path("dueAt").asText())).isEqualTo(Instant.parse("2030-01-09T07:00:00Z"));
        inBerlin.put("timeZone", "Mars/Olympus");
        inBerlin.put("idempotencyKey", "mars-" + marker);
        var mars = crm.post("/api/v1/notifications", InboxTeam.write(inBerlin));
        assertThat(mars.status()).isEqualTo(400);
        assertThat(mars.body()).contains("is no time zone");
        JsonNode expired = crm.post("/api/v1/notifications", request(customerId, "appointment-moved",
                "notifications", "late-" + marker, null, "2030-01-09T12:00:00Z")).json();
        assertThat(expired.path("state").asText()).isEqualTo("EXPIRED");
        JsonNode offer = crm.post("/api/v1/notifications", request(customerId, "appointment-moved", "marketing",
                "offer-" + marker, null, null)).json();
        assertThat(offer.path("state").asText()).isEqualTo("SKIPPED");
        assertThat(offer.path("reason").asText()).contains("sms has no consent for marketing");

        notifications.releaseDue();
        assertThat(twilio.messagesTo(phone)).as("nothing at night").isEmpty();
        clock.set(Instant.parse("2030-01-09T16:00:00Z"));
        notifications.releaseDue();
        assertThat(crm.get("/api/v1/notifications/" + waiting.path("id").asText()).json().path("state").asText())
                .isEqualTo("SENT");
        await().atMost(Duration.ofSeconds(20)).until(() -> twilio.messagesTo(phone).size() == 1);
        assertThat(twilio.messagesTo(phone).get(0).get("Body")).startsWith("Your appointment moved to Friday 10:00");
        assertThat(AgentApi.asAgent(port).post("/api/v1/notifications", request(customerId, "appointment-moved",
                "notifications", "agent-" + marker, null, null)).status()).as("agents may not").isEqualTo(403);

        // the supervisor view counts them by purpose and outcome
        JsonNode counts = supervisor.get("/api/v1/kpis?window=day").json().path("notifications");
        assertThat(counts.path("notifications").path("sent").asLong()).isPositive();
        assertThat(counts.path("notifications").path("expired").asLong()).isPositive();
        assertThat(counts.path("marketing").path("skipped").asLong()).isPositive();
    }

    @Test
    void aBatchFromACsvGoesOutAtTheChannelsPaceAndReportsWhatBecameOfEachLine() {
        clock.set(MORNING);
        var supervisor = AgentApi.asSupervisor(port);
        var phones = List.of(phone, "+1415" + (2_000_000 + (int) (Math.random() * 7_999_999)),
                "+1415" + (2_000_000 + (int) (Math.random() * 7_999_999)));
        for (String number : phones) {
            assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), number, "Hello")).status())
                    .isEqualTo(200);
        }
        var csv = new StringBuilder("address,idempotencyKey,order,day\n");
        for (int i = 0; i < phones.size(); i++) {
            csv.append("sms:").append(phones.get(i)).append(",batch-").append(marker).append('-').append(i)
                    .append(",B-").append(i).append(",\"Monday, early\"\n");
        }
        csv.append("sms:not-a-number,batch-").append(marker).append("-bad,B-9,Monday\n");
        var crm = system();
        var started = crm.postAs("/api/v1/notifications/batches?template=order-shipped", csv.toString(),
                "text/csv");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String batch = started.json().path("id").asText();
        assertThat(started.json().path("items").asInt()).isEqualTo(4);

        batches.work();
        JsonNode report = crm.get("/api/v1/notifications/batches/" + batch).json();
        assertThat(report.path("pending").asInt()).as("one SMS a second").isEqualTo(2);
        assertThat(report.path("outcomes").path("sent").asInt()).isEqualTo(1);
        assertThat(report.path("failures").get(0).asText()).startsWith("line 4: ");
        batches.work();
        batches.work();
        report = crm.get("/api/v1/notifications/batches/" + batch).json();
        assertThat(report.path("pending").asInt()).isZero();
        assertThat(report.path("outcomes").path("sent").asInt()).isEqualTo(3);
        assertThat(report.path("outcomes").path("failed").asInt()).isEqualTo(1);
        assertThat(report.path("finishedAt").isNull()).isFalse();
        for (int i = 0; i < phones.size(); i++) {
            String number = phones.get(i);
            String expected = "Your order B-" + i + " has shipped and arrives Monday, early. Reply here with any question.";
            await().atMost(Duration.ofSeconds(20)).until(() -> twilio.messagesTo(number).stream()
                    .anyMatch(m -> expected.equals(m.get("Body"))));
        }
        batches.work();
        assertThat(twilio.messagesTo(phones.get(0))).as("nothing twice").hasSize(1);
    }

    private String customerWhoTexted(AgentApi supervisor) {
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, "Is my order ready?")).status())
                .isEqualTo(200);
        return supervisor.get("/api/v1/customers?address=" + URLEncoder.encode("sms:" + phone, StandardCharsets.UTF_8))
                .json().path("customer").path("id").asText();
    }

    /** The company's order system: a user with the role notifications, calling with an API token. */
    private AgentApi system() {
        String user = "orders-" + marker;
        var admin = AgentApi.asAdmin(port);
        admin.post("/api/v1/users", InboxTeam.write(Map.of("username", user, "password", "orders-password-" + marker,
                "roles", List.of("notifications"))));
        return AgentApi.withToken(port, admin.post("/api/v1/tokens", AgentApi.json("owner", user, "name", "orders"))
                .json().path("secret").asText());
    }

    private String request(String customerId, String template, String purpose, String key, String notBefore,
                           String expiresAt) {
        var body = new LinkedHashMap<String, Object>();
        body.put("customerId", customerId);
        body.put("template", template);
        body.put("variables", Map.of("order", "A-" + marker, "day", "tomorrow", "when", "Friday 10:00"));
        body.put("purpose", purpose);
        body.put("idempotencyKey", key);
        if (notBefore != null) {
            body.put("notBefore", notBefore);
        }
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt);
        }
        return InboxTeam.write(body);
    }
}
