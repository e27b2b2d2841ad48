package io.switchboard.delivery;

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
import org.junit.jupiter.api.Test;

/**
 * Retries as specified against the Twilio stub (this context: 4 tries, backoff 200 ms doubling to
 * 1 s, read timeout 2 s): 5xx and timeouts are retried, 4xx never; what cannot be delivered is
 * dead-lettered onto the turn and, where the customer has another channel, sent there.
 */
class OutboxRetryTest extends TwilioGatewayTest {

    @Test
    void aRefusalIsSentOnceAndTheAgentSeesWhy() {
        String phone = TwilioWebhookClient.freshNumber();
        twilio.failMessagesTo(phone, 400, 21211);
        String conversation = smsConversation(phone);
        var reply = reply(conversation, "We have refunded you.");

        JsonNode failed = awaitDelivery(conversation, reply.path("seq").asLong(), "failed");
        assertThat(failed.path("delivery").path("detail").asText())
                .startsWith("Twilio refused the request: HTTP 400 (Twilio error 21211)")
                .endsWith("no other channel can reach the customer")
                .doesNotContain(phone);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> twilio.messagesTo(phone).size() == 1);
    }

    @Test
    void serverErrorsAreRetriedUpToTheBudgetThenTheReplyFallsBackToAnotherChannel() {
        String phone = TwilioWebhookClient.freshNumber();
        twilio.failMessagesTo(phone, 503, 20503);
        String conversation = smsConversation(phone);
        try (var visitor = ChatClient.connect(port)) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            agent().post("/api/v1/customers/" + customerOf("sms:" + phone) + "/addresses",
                    AgentApi.json("address", "chat:" + visitorId, "evidence", "same person"));
            var reply = reply(conversation, "Your replacement is on its way.");
            assertThat(reply.path("channel").asText()).isEqualTo("sms");

            JsonNode failed = awaitDelivery(conversation, reply.path("seq").asLong(), "failed");
            assertThat(twilio.messagesTo(phone)).hasSize(4)
                    .allSatisfy(r -> assertThat(r.get("Body")).isEqualTo("Your replacement is on its way."));
            assertThat(failed.path("delivery").path("detail").asText())
                    .contains("Twilio answered HTTP 503 (Twilio error 20503) (gave up after 4 tries)")
                    .contains("sent again on chat as turn " + (reply.path("seq").asLong() + 1));
            assertThat(visitor.next("message").path("turn").path("text").asText())
                    .isEqualTo("Your replacement is on its way.");
            JsonNode fallback = turn(conversation, reply.path("seq").asLong() + 1);
            assertThat(fallback.path("channel").asText()).isEqualTo("chat");
            assertThat(fallback.path("metadata").path("fallbackFor").asText()).isEqualTo(reply.path("seq").asText());
        }
    }

    @Test
    void aProviderThatHangsIsTimedOutAndTriedAgain() {
        String phone = TwilioWebhookClient.freshNumber();
        twilio.hangFirstMessageTo(phone, Duration.ofSeconds(5));
        String conversation = smsConversation(phone);
        var reply = reply(conversation, "Thanks for waiting.");

        JsonNode sent = awaitDelivery(conversation, reply.path("seq").asLong(), "sent");
        assertThat(sent.path("providerMessageId").asText()).startsWith("SM").isNotEqualTo("SMhung");
        assertThat(twilio.messagesTo(phone)).hasSize(2);
    }

    private String smsConversation(String phone) {
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, "Hello?")).status()).isEqualTo(200);
        return agent().currentConversationOf("sms:" + phone);
    }

    private JsonNode reply(String conversation, String text) {
        var reply = agent().post("/api/v1/conversations/" + conversation + "/replies", AgentApi.json("text", text));
        assertThat(reply.status()).isEqualTo(202);
        return reply.json();
    }

    private JsonNode awaitDelivery(String conversation, long seq, String status) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> turn(conversation, seq),
                t -> status.equals(t.path("delivery").path("status").asText()));
    }

    private JsonNode turn(String conversation, long seq) {
        for (JsonNode t : agent().get("/api/v1/conversations/" + conversation).json().path("turns")) {
            if (t.path("seq").asLong() == seq) {
                return t;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private String customerOf(String address) {
        return agent().get("/api/v1/customers?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8))
                .json().path("customer").path("id").asText();
    }
}
