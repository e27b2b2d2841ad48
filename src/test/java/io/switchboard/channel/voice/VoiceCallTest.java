package io.switchboard.channel.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A call from the first webhook to a spoken answer, a transfer, and a written follow-up after it ended. */
class VoiceCallTest extends TwilioGatewayTest {

    static final Pattern ACTION = Pattern.compile("action=\"" + Pattern.quote(TwilioStub.PUBLIC_BASE_URL)
            + "(/webhooks/twilio/voice\\?g=[0-9a-f]+)\"");

    @Test
    void aCallerIsHeardAnsweredAndPutThroughToAPersonWhoSeesTheTranscript() {
        String caller = TwilioWebhookClient.freshNumber();
        String callSid = TwilioWebhookClient.callSid();

        var greeting = webhooks().post("/webhooks/twilio/voice", call(callSid, caller, Map.of("CallStatus", "ringing")));
        assertThat(greeting.status()).isEqualTo(200);
        assertThat(greeting.body()).contains("<Response><Say language=\"en-US\">Thanks for calling. Tell me how I can "
                + "help, or say agent to talk to a person.</Say><Gather")
                .contains("input=\"speech dtmf\"").contains("speechTimeout=\"auto\"").contains("numDigits=\"1\"")
                .contains("<Redirect method=\"POST\">" + TwilioStub.PUBLIC_BASE_URL + "/webhooks/twilio/voice?g=");
        String firstGather = action(greeting.body());

        var heard = Map.of("SpeechResult", "Where is my order 4411?", "Confidence", "0.92", "CallStatus", "in-progress");
        var prompt = webhooks().post(firstGather, call(callSid, caller, heard));
        assertThat(prompt.status()).isEqualTo(200);
        assertThat(prompt.body()).contains("<Say language=\"en-US\">Thanks, I have noted that. Anything else? Say agent "
                + "to talk to a person.</Say><Gather");
        assertThat(webhooks().post(firstGather, call(callSid, caller, heard)).status()).isEqualTo(200);

        String conversation = agent().currentConversationOf("voice:" + caller);
        JsonNode turns = agent().get("/api/v1/conversations/" + conversation).json().path("turns");
        assertThat(turns).hasSize(1);
        assertThat(turns.get(0).path("channel").asText()).isEqualTo("voice");
        assertThat(turns.get(0).path("text").asText()).isEqualTo("Where is my order 4411?");
        assertThat(turns.get(0).path("metadata").path("callId").asText()).isEqualTo(callSid);

        var reply = agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Your order ships tomorrow."));
        assertThat(reply.json().path("channel").asText()).isEqualTo("voice");
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.callUpdates().stream()
                .anyMatch(u -> u.getOrDefault("Twiml", "").contains("Your order ships tomorrow.")));
        String spoken = twilio.callUpdates().stream().map(u -> u.get("Twiml"))
                .filter(t -> t.contains("Your order ships tomorrow.")).findFirst().orElseThrow();
        assertThat(spoken).startsWith("<?xml").contains("<Response><Say language=\"en-US\">Your order ships tomorrow."
                + "</Say><Gather");
        String afterAnswer = action(spoken);

        var transfer = webhooks().post(afterAnswer, call(callSid, caller,
                Map.of("SpeechResult", "Can I talk to an agent please", "CallStatus", "in-progress")));
        assertThat(transfer.body()).contains("<Response><Say language=\"en-US\">Connecting you to a person. The agent can "
                + "see what you told me.</Say><Enqueue>support</Enqueue></Response>");

        JsonNode detail = agent().get("/api/v1/conversations/" + conversation).json();
        assertThat(detail.path("status").asText()).isIn("queued", "assigned", "waiting-for-customer");
        assertThat(detail.path("turns").findValuesAsText("text")).containsSubsequence(
                "Where is my order 4411?", "Your order ships tomorrow.", "Can I talk to an agent please");
        assertThat(detail.path("turns").findValuesAsText("text"))
                .anyMatch(t -> t.startsWith("The caller asked for a person and was put through to Twilio queue support"));
    }

    @Test
    void pressingZeroTransfersAndAfterTheCallTheFollowUpGoesBySms() {
        String caller = TwilioWebhookClient.freshNumber();
        String callSid = TwilioWebhookClient.callSid();
        String gather = action(webhooks().post("/webhooks/twilio/voice", call(callSid, caller, Map.of())).body());
        var transfer = webhooks().post(gather, call(callSid, caller, Map.of("Digits", "0")));
        assertThat(transfer.body()).contains("<Enqueue>support</Enqueue>");
        String conversation = agent().currentConversationOf("voice:" + caller);

        assertThat(webhooks().post("/webhooks/twilio/status", call(callSid, caller,
                Map.of("CallStatus", "completed", "CallDuration", "42"))).status()).isEqualTo(204);
        var followUp = agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Following up on your call: your refund is on its way."));
        assertThat(followUp.json().path("channel").asText()).isEqualTo("sms");
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.messagesTo(caller).size() == 1);
        assertThat(agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Hello?", "channel", "voice")).body()).contains("the call has ended");
    }

    @Test
    void forgedCallWebhooksAreRefused() {
        var form = call(TwilioWebhookClient.callSid(), TwilioWebhookClient.freshNumber(), Map.of());
        assertThat(webhooks().post("/webhooks/twilio/voice", form, "bm90IGEgc2lnbmF0dXJl").status()).isEqualTo(403);
        assertThat(webhooks().post("/webhooks/twilio/voice", form, null).status()).isEqualTo(403);
    }

    private static String action(String twiml) {
        Matcher m = ACTION.matcher(twiml);
        assertThat(m.find()).as("a Gather posting back in %s", twiml).isTrue();
        return m.group(1);
    }

    static Map<String, String> call(String callSid, String from, Map<String, String> extra) {
        var form = new LinkedHashMap<String, String>();
        form.put("AccountSid", TwilioStub.ACCOUNT_SID);
        form.put("ApiVersion", "2010-04-01");
        form.put("CallSid", callSid);
        form.put("CallStatus", "in-progress");
        form.put("Called", TwilioStub.FROM);
        form.put("Caller", from);
        form.put("Direction", "inbound");
        form.put("From", from);
        form.put("To", TwilioStub.FROM);
        form.putAll(extra);
        return form;
    }
}
