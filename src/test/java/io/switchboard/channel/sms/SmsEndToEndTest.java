package io.switchboard.channel.sms;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.conversation.InboundMessageIds;
import io.switchboard.support.AgentApi;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** SMS in and out through the real webhook and the real SDK against the Twilio stub. */
class SmsEndToEndTest extends TwilioGatewayTest {

    @Autowired
    InboundMessageIds inboundMessageIds;

    @Test
    void aSignedSmsBecomesATurnOnceEvenWhenTwilioRetriesIt() {
        String from = TwilioWebhookClient.freshNumber();
        String sid = messageSid();
        var first = webhooks().post("/webhooks/twilio/sms", sms(sid, from, "My parcel never arrived, order 7781"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("<Response/>");

        assertThat(webhooks().post("/webhooks/twilio/sms", sms(sid, from, "My parcel never arrived, order 7781"))
                .status()).isEqualTo(200);

        String conversation = agent().currentConversationOf("sms:" + from);
        JsonNode turns = agent().get("/api/v1/conversations/" + conversation).json().path("turns");
        assertThat(turns).hasSize(1);
        assertThat(turns.get(0).path("channel").asText()).isEqualTo("sms");
        assertThat(turns.get(0).path("text").asText()).isEqualTo("My parcel never arrived, order 7781");
        assertThat(turns.get(0).path("providerMessageId").asText()).isEqualTo(sid);
    }

    @Test
    void aRetryArrivingWhileTheFirstDeliveryIsBeingRecordedIsAskedToComeBackNeitherTakenInNorAcknowledged() {
        String from = TwilioWebhookClient.freshNumber();
        String sid = messageSid();
        // the first delivery is being recorded by a live member of the cluster (this one) right now
        assertThat(inboundMessageIds.add("sms:" + sid)).isTrue();

        var retry = webhooks().post("/webhooks/twilio/sms", sms(sid, from, "Is my order 4410 on its way?"));
        assertThat(retry.status()).as("not acknowledged: the first try may still fail").isEqualTo(503);
        assertThat(retry.retryAfter()).isEqualTo("5");
        assertThat(retry.body()).as("nothing of the exception").doesNotContain("Exception").doesNotContain("at io.");
        assertThat(agent().get("/api/v1/customers?address=sms:" + from.replace("+", "%2B")).status()).isEqualTo(404);

        // the first try fails and lets its key go, as the idempotent consumer does: the next retry is taken in
        inboundMessageIds.remove("sms:" + sid);
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(sid, from, "Is my order 4410 on its way?")).status())
                .isEqualTo(200);
        String conversation = agent().currentConversationOf("sms:" + from);
        assertThat(agent().get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(1);
    }

    @Test
    void forgedOrUnsignedWebhooksAreRefusedAndNothingIsStored() {
        String from = TwilioWebhookClient.freshNumber();
        Map<String, String> form = sms(messageSid(), from, "let me in");
        assertThat(webhooks().post("/webhooks/twilio/sms", form, null).status()).isEqualTo(403);
        String forged = TwilioWebhookClient.sign("not-the-token", TwilioStub.PUBLIC_BASE_URL + "/webhooks/twilio/sms", form);
        assertThat(webhooks().post("/webhooks/twilio/sms", form, forged).status()).isEqualTo(403);
        String otherUrl = TwilioWebhookClient.sign(TwilioStub.AUTH_TOKEN, "https://evil.example/webhooks/twilio/sms", form);
        assertThat(webhooks().post("/webhooks/twilio/sms", form, otherUrl).status()).isEqualTo(403);
        var tampered = new HashMap<>(form);
        String signature = TwilioWebhookClient.sign(TwilioStub.AUTH_TOKEN,
                TwilioStub.PUBLIC_BASE_URL + "/webhooks/twilio/sms", form);
        tampered.put("Body", "something else");
        assertThat(webhooks().post("/webhooks/twilio/sms", tampered, signature).status()).isEqualTo(403);

        assertThat(agent().get("/api/v1/customers?address=sms:" + from.replace("+", "%2B")).status()).isEqualTo(404);
    }

    @Test
    void anAgentReplyGoesOutThroughTheSdkWellFormedAndItsReceiptsMoveTheTurnForwardOnly() {
        String from = TwilioWebhookClient.freshNumber();
        webhooks().post("/webhooks/twilio/sms", sms(messageSid(), from, "Hi, can I change my delivery address?"));
        String conversation = agent().currentConversationOf("sms:" + from);

        var reply = agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Sure, what is the new address?"));
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("channel").asText()).isEqualTo("sms");
        long seq = reply.json().path("seq").asLong();
        String turnId = reply.json().path("id").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.messagesTo(from).size() == 1);
        Map<String, String> request = twilio.messagesTo(from).get(0);
        assertThat(request).containsEntry("To", from).containsEntry("From", TwilioStub.FROM)
                .containsEntry("Body", "Sure, what is the new address?");
        assertThat(request.get("_authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (TwilioStub.ACCOUNT_SID + ":" + TwilioStub.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
        String callback = request.get("StatusCallback");
        assertThat(callback).startsWith(TwilioStub.PUBLIC_BASE_URL + "/webhooks/twilio/status?");
        assertThat(TwilioStub.idempotencyKey(request)).isEqualTo(turnId);

        JsonNode sent = await().atMost(Duration.ofSeconds(10)).until(() -> turn(conversation, seq),
                t -> "sent".equals(t.path("delivery").path("status").asText()));
        String providerSid = sent.path("providerMessageId").asText();
        assertThat(providerSid).startsWith("SM").hasSize(34);
        assertThat(sent.path("delivery").path("channel").asText()).isEqualTo("sms");

        String path = callback.substring(TwilioStub.PUBLIC_BASE_URL.length());
        assertThat(webhooks().post(path, status(providerSid, from, "delivered")).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> turn(conversation, seq),
                t -> "delivered".equals(t.path("delivery").path("status").asText()));
        assertThat(webhooks().post(path, status(providerSid, from, "sent")).status()).isEqualTo(204);
        assertThat(turn(conversation, seq).path("delivery").path("status").asText()).isEqualTo("delivered");

        assertThat(webhooks().post(path, status(providerSid, from, "delivered"), "forged").status()).isEqualTo(403);
    }

    @Test
    void mmsMediaAreRecordedAsAttachmentReferences() {
        String from = TwilioWebhookClient.freshNumber();
        var form = new HashMap<>(sms(messageSid(), from, "Here is the broken part"));
        form.put("NumMedia", "2");
        form.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1");
        form.put("MediaContentType0", "image/jpeg");
        form.put("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2");
        form.put("MediaContentType1", "image/png");
        assertThat(webhooks().post("/webhooks/twilio/sms", form).status()).isEqualTo(200);

        JsonNode turn = agent().get("/api/v1/conversations/" + agent().currentConversationOf("sms:" + from))
                .json().path("turns").get(0);
        assertThat(turn.path("attachments")).hasSize(2);
        assertThat(turn.path("attachments").get(0).path("mediaType").asText()).isEqualTo("image/jpeg");
        assertThat(turn.path("attachments").get(1).path("ref").asText()).endsWith("/Media/ME2");
    }

    @Test
    void badInputIsRefusedWithAClearStatus() {
        var missing = new HashMap<>(sms(messageSid(), TwilioWebhookClient.freshNumber(), "hello"));
        missing.remove("From");
        assertThat(webhooks().post("/webhooks/twilio/sms", missing).status()).isEqualTo(400);

        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), "not-a-number", "hello")).status())
                .isEqualTo(400);
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), "+1", "hello")).status())
                .isEqualTo(400);

        String from = TwilioWebhookClient.freshNumber();
        var huge = sms(messageSid(), from, "x".repeat(200_000));
        assertThat(webhooks().post("/webhooks/twilio/sms", huge).status()).isEqualTo(413);
        assertThat(agent().get("/api/v1/customers?address=sms:" + from.replace("+", "%2B")).status()).isEqualTo(404);

        String national = "(415) 555-0" + (100 + (int) (Math.random() * 800));
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), national, "new here")).status())
                .isEqualTo(200);
        String e164 = "+1415" + national.replaceAll("\\D", "").substring(3);
        assertThat(agent().currentConversationOf("sms:" + e164)).isNotBlank();
    }

    private JsonNode turn(String conversation, long seq) {
        for (JsonNode t : agent().get("/api/v1/conversations/" + conversation).json().path("turns")) {
            if (t.path("seq").asLong() == seq) {
                return t;
            }
        }
        throw new AssertionError("no turn " + seq);
    }

    static Map<String, String> status(String messageSid, String to, String status) {
        return Map.of("MessageSid", messageSid, "MessageStatus", status, "SmsStatus", status, "To", to,
                "From", TwilioStub.FROM, "AccountSid", TwilioStub.ACCOUNT_SID, "ApiVersion", "2010-04-01");
    }
}
