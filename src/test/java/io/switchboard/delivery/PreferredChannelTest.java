package io.switchboard.delivery;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.Inbound;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioWebhookClient;
import io.switchboard.system.AuditLog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Replies go where the customer said they want them. */
class PreferredChannelTest extends TwilioGatewayTest {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    AuditLog audit;

    @Test
    void aCustomerWhoWroteBySmsThenByEmailAndSaidTextMeIsAnsweredBySms() {
        String phone = TwilioWebhookClient.freshNumber();
        String email = "pat-" + UUID.randomUUID() + "@example.com";
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, "My order 5521 is late"));
        String customerId = customerOf("sms:" + phone);
        assertThat(agent().post("/api/v1/customers/" + customerId + "/addresses",
                AgentApi.json("address", "email:" + email, "evidence", "customer gave it on the phone")).status())
                .isBetween(200, 201);

        String conversation = new Inbound(producer).record("email", "<" + UUID.randomUUID() + "@example.com>", email,
                "Any news? Please text me, I rarely check email.");
        var profile = agent().get("/api/v1/customers/" + customerId).json();
        assertThat(profile.path("customer").path("preferredChannel").asText()).isEqualTo("sms");
        assertThat(profile.path("customer").path("preferenceExplicit").asBoolean()).isTrue();
        assertThat(audit.forSubject("customer", customerId)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("customer.preferred-channel");
            assertThat(e.actor()).isEqualTo("customer");
        });

        var reply = agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "It ships tomorrow."));
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("channel").asText()).isEqualTo("sms");
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.messagesTo(phone).size() == 1);
        assertThat(twilio.messagesTo(phone).get(0).get("Body")).isEqualTo("It ships tomorrow.");
    }

    @Test
    void theStatedPreferenceWinsOverTheChannelOfTheLastMessage() {
        String phone = TwilioWebhookClient.freshNumber();
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, "Hello from my phone"));
        String customerId = customerOf("sms:" + phone);
        try (var visitor = ChatClient.connect(port)) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            agent().post("/api/v1/customers/" + customerId + "/addresses",
                    AgentApi.json("address", "chat:" + visitorId, "evidence", "logged in"));
            visitor.say("c-1", "I have to go, text me when you know");
            String conversation = agent().currentConversationOf("sms:" + phone);

            var reply = agent().post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "Will do."));
            assertThat(reply.json().path("channel").asText()).isEqualTo("sms");
            await().atMost(Duration.ofSeconds(10)).until(() -> twilio.messagesTo(phone).size() == 1);

            visitor.say("c-2", "Actually, don't text me, answer here");
            assertThat(agent().get("/api/v1/customers/" + customerId).json().path("customer")
                    .path("preferredChannel").asText()).isEqualTo("sms");
        }
    }

    private String customerOf(String address) {
        return agent().get("/api/v1/customers?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8))
                .json().path("customer").path("id").asText();
    }
}
