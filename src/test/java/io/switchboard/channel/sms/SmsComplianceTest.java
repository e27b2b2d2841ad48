package io.switchboard.channel.sms;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioWebhookClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** STOP, START and HELP come before anything else; a flood from one number is limited. */
@ExtendWith(OutputCaptureExtension.class)
class SmsComplianceTest extends TwilioGatewayTest {

    @Test
    void afterStopNothingGoesOutBySmsAndTheAgentIsToldUntilStart() {
        String from = TwilioWebhookClient.freshNumber();
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, "Where is my refund?"));
        String conversation = agent().currentConversationOf("sms:" + from);

        var stop = webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, "Stop"));
        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.body()).contains("<Response/>");
        var profile = agent().get("/api/v1/customers?address=" + encode("sms:" + from)).json().path("customer");
        assertThat(profile.path("optedOut").toString()).contains(from);
        assertThat(agent().get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(1);
        String customerId = profile.path("id").asText();
        var consent = agent().get("/api/v1/customers/" + customerId + "/consent").json();
        assertThat(grantedOn(consent.path("current"), "sms:" + from)).as("marketing, notifications, service")
                .containsExactly(false, false, false);
        assertThat(consent.path("history").findValuesAsText("words")).containsOnly("STOP");
        assertThat(consent.path("history").findValuesAsText("source")).containsOnly("keyword");

        var refused = agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Your refund was issued today."));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("opted out");
        var onSms = agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Your refund was issued today.", "channel", "sms"));
        assertThat(onSms.status()).isEqualTo(409);
        assertThat(twilio.messagesTo(from)).isEmpty();

        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, "START")).status()).isEqualTo(200);
        var afterStart = agent().get("/api/v1/customers/" + customerId + "/consent").json().path("current");
        assertThat(grantedOn(afterStart, "sms:" + from)).as("service back; the rest waits for its own consent")
                .containsExactly(false, false, true);
        assertThat(agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Welcome back!")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.messagesTo(from).size() == 1);
        assertThat(twilio.messagesTo(from).get(0).get("Body")).isEqualTo("Welcome back!");
    }

    @Test
    void afterStopAReplyGoesToTheCustomersOtherChannel() {
        String from = TwilioWebhookClient.freshNumber();
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, "Is the store open on Sunday?"));
        String conversation = agent().currentConversationOf("sms:" + from);
        String customerId = agent().get("/api/v1/customers?address=" + encode("sms:" + from)).json()
                .path("customer").path("id").asText();
        try (var visitor = ChatClient.connect(port)) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            assertThat(agent().post("/api/v1/customers/" + customerId + "/addresses",
                    AgentApi.json("address", "chat:" + visitorId, "evidence", "same person, confirmed on the phone"))
                    .status()).isBetween(200, 201);

            webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, "UNSUBSCRIBE"));
            var reply = agent().post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "Yes, from 10 to 4."));
            assertThat(reply.status()).isEqualTo(202);
            assertThat(reply.json().path("channel").asText()).isEqualTo("chat");
            assertThat(visitor.next("message").path("turn").path("text").asText()).isEqualTo("Yes, from 10 to 4.");
        }
        assertThat(twilio.messagesTo(from)).isEmpty();
    }

    @Test
    void helpIsAnsweredWithTheHelpTextAndRoutedToNobody() {
        String from = TwilioWebhookClient.freshNumber();
        var help = webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, " help "));
        assertThat(help.status()).isEqualTo(200);
        assertThat(help.body()).contains("<Message><Body>Switchboard support: reply to this number to reach us. "
                + "Reply STOP to opt out.</Body></Message>");
        assertThat(agent().get("/api/v1/customers?address=" + encode("sms:" + from)).status()).isEqualTo(404);
    }

    @Test
    void aFloodFromOneNumberIsLimitedWithAClearLogAndEveryAcceptedMessageIsKept(CapturedOutput output) {
        String from = TwilioWebhookClient.freshNumber();
        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 15; i++) {
            statuses.add(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, "flood " + i)).status());
        }
        assertThat(statuses.subList(0, 12)).containsOnly(200);
        assertThat(statuses.subList(12, 15)).containsOnly(429);

        String conversation = agent().currentConversationOf("sms:" + from);
        var turns = agent().get("/api/v1/conversations/" + conversation).json().path("turns");
        assertThat(turns).hasSize(12);
        assertThat(turns.get(11).path("text").asText()).isEqualTo("flood 11");
        assertThat(output.getOut()).contains("over its limit (12/1m)")
                .contains("sms:***" + from.substring(from.length() - 2)).doesNotContain(from);

        String other = TwilioWebhookClient.freshNumber();
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), other, "I am someone else")).status())
                .isEqualTo(200);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Granted for marketing, notifications and service, in that order, on one address. */
    private static List<Boolean> grantedOn(JsonNode states, String address) {
        var granted = new ArrayList<Boolean>();
        states.forEach(state -> {
            if (state.path("address").asText().equals(address)) {
                granted.add(state.path("granted").asBoolean());
            }
        });
        return granted;
    }
}
