package io.switchboard.customer;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioWebhookClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Consent per address and purpose: the defaults each channel's rules give, an agent's record on the
 * customer's word (audited, kept in the history), what an agent may not record, and what outlives
 * an erasure.
 */
class ConsentTest extends TwilioGatewayTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAgentRecordsConsentPerAddressAndPurposeOnTopOfEachChannelsDefaults() {
        String phone = TwilioWebhookClient.freshNumber();
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, "Is my order ready?")).status())
                .isEqualTo(200);
        var supervisor = AgentApi.asSupervisor(port);
        String customerId = supervisor.get("/api/v1/customers?address=" + URLEncoder.encode("sms:" + phone,
                StandardCharsets.UTF_8)).json().path("customer").path("id").asText();
        String whatsapp = "whatsapp:" + phone;
        assertThat(supervisor.post("/api/v1/customers/" + customerId + "/addresses",
                AgentApi.json("address", whatsapp, "evidence", "same number")).status()).isBetween(200, 204);

        // defaults: SMS may carry notifications but not marketing; WhatsApp neither without a prior opt-in
        assertThat(granted(supervisor, customerId, "sms:" + phone)).containsExactly(false, true, true);
        assertThat(granted(supervisor, customerId, whatsapp)).containsExactly(false, false, true);

        var given = supervisor.put("/api/v1/customers/" + customerId + "/consent", AgentApi.json("address", whatsapp,
                "purpose", "notifications", "granted", "true", "source", "form",
                "words", "Yes, send me order updates on WhatsApp"));
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        assertThat(granted(supervisor, customerId, whatsapp)).containsExactly(false, true, true);
        JsonNode history = supervisor.get("/api/v1/customers/" + customerId + "/consent").json().path("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("source").asText()).isEqualTo("form");
        assertThat(history.get(0).path("words").asText()).isEqualTo("Yes, send me order updates on WhatsApp");
        assertThat(history.get(0).path("actor").asText()).isEqualTo("supervisor");
        assertThat(AgentApi.asAdmin(port).get("/api/v1/audit?subjectType=customer&subjectId=" + customerId).body())
                .contains("customer.consent-given");

        assertThat(supervisor.put("/api/v1/customers/" + customerId + "/consent", AgentApi.json("address",
                "email:someone-else@example.com", "purpose", "marketing", "granted", "true")).status())
                .as("not their address").isEqualTo(400);
        assertThat(supervisor.put("/api/v1/customers/" + customerId + "/consent", AgentApi.json("address", whatsapp,
                "purpose", "marketing", "granted", "true", "source", "keyword")).status())
                .as("a keyword is the customer's own").isEqualTo(400);
        assertThat(supervisor.put("/api/v1/customers/" + customerId + "/consent", AgentApi.json("address", whatsapp,
                "purpose", "newsletters", "granted", "true")).status()).isEqualTo(400);
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, "STOP"));
        assertThat(supervisor.put("/api/v1/customers/" + customerId + "/consent", AgentApi.json("address", "sms:" + phone,
                "purpose", "service", "granted", "true")).status()).as("only their START undoes a STOP").isEqualTo(409);
    }

    @Test
    void aCustomerWhoSaysDontTextMeWithdrawsTheCompanysMessagesOnSmsInTheirOwnWords() {
        String phone = TwilioWebhookClient.freshNumber();
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone,
                "Please don't text me about offers, I will call you")).status()).isEqualTo(200);
        var supervisor = AgentApi.asSupervisor(port);
        String customerId = supervisor.get("/api/v1/customers?address=" + URLEncoder.encode("sms:" + phone,
                StandardCharsets.UTF_8)).json().path("customer").path("id").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> granted(supervisor, customerId, "sms:" + phone).equals(List.of(false, false, true)));
        JsonNode history = supervisor.get("/api/v1/customers/" + customerId + "/consent").json().path("history");
        assertThat(history.findValuesAsText("words")).containsOnly("don't text me");
        assertThat(history.findValuesAsText("source")).containsOnly("customer");
        assertThat(history.findValuesAsText("purpose")).containsExactlyInAnyOrder("notifications", "marketing");
    }

    @Test
    void whatAnErasedCustomerRefusedStaysRefusedWhenTheirNumberComesBack() {
        String stopped = TwilioWebhookClient.freshNumber();
        String quiet = TwilioWebhookClient.freshNumber();
        var supervisor = AgentApi.asSupervisor(port);
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), stopped, "Where is my parcel?"));
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), stopped, "STOP"));
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), quiet, "Don't text me, call me instead"));
        String first = customerOf(supervisor, stopped);
        String second = customerOf(supervisor, quiet);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> granted(supervisor, second, "sms:" + quiet).equals(List.of(false, false, true)));
        assertThat(granted(supervisor, first, "sms:" + stopped)).containsExactly(false, false, false);
        var admin = AgentApi.asAdmin(port);
        for (String erased : List.of(first, second)) {
            var erasure = admin.post("/api/v1/customers/" + erased + "/erase", AgentApi.json("reason", "request 7"));
            assertThat(erasure.status()).as(erasure.body()).isEqualTo(200);
        }
        assertThat(admin.get("/api/v1/customers/" + first + "/consent").status()).as("erased").isEqualTo(404);

        // they write again: new customers, without a record, yet what they refused holds
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), quiet, "Hello again"));
        String quietAgain = customerOf(supervisor, quiet);
        assertThat(quietAgain).isNotEqualTo(second);
        assertThat(granted(supervisor, quietAgain, "sms:" + quiet)).containsExactly(false, false, true);
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), stopped, "Hello, me again"));
        String stoppedAgain = customerOf(supervisor, stopped);
        assertThat(stoppedAgain).isNotEqualTo(first);
        assertThat(granted(supervisor, stoppedAgain, "sms:" + stopped)).as("a STOP outlives the erasure")
                .containsExactly(false, false, false);
        assertThat(supervisor.put("/api/v1/customers/" + stoppedAgain + "/consent", AgentApi.json("address",
                "sms:" + stopped, "purpose", "service", "granted", "true", "source", "import")).status())
                .as("only their START undoes it").isEqualTo(409);
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), stopped, "START"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> granted(supervisor, stoppedAgain, "sms:" + stopped).equals(List.of(false, false, true)));

        String digits = stopped.substring(1);
        assertThat(jdbc.queryForList("select entry_key || entry_value from kv_entry where map_name = ?", String.class,
                "suppressed-addresses")).as("kept as a keyed hash").isNotEmpty()
                .noneMatch(row -> row.contains(digits) || row.contains(quiet.substring(1)));
    }

    private static String customerOf(AgentApi api, String phone) {
        return api.get("/api/v1/customers?address=" + URLEncoder.encode("sms:" + phone, StandardCharsets.UTF_8))
                .json().path("customer").path("id").asText();
    }

    /** Granted for marketing, notifications, service (in that order) on one address. */
    private static List<Boolean> granted(AgentApi api, String customerId, String address) {
        var states = api.get("/api/v1/customers/" + customerId + "/consent").json().path("current");
        var granted = new java.util.ArrayList<Boolean>();
        states.forEach(s -> {
            if (s.path("address").asText().equals(address)) {
                granted.add(s.path("granted").asBoolean());
            }
        });
        return granted;
    }
}
