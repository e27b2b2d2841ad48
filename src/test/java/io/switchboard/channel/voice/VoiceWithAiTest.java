package io.switchboard.channel.voice;

import static io.switchboard.channel.voice.VoiceCallTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioWebhookClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A caller's question that the knowledge answers is answered by the AI, spoken into the call. */
@TestPropertySource(properties = "switchboard.routing.mode=automatic")
class VoiceWithAiTest extends TwilioGatewayTest {

    @Test
    void theAiAnswerIsSpokenWhileTheCallGoesOnAndTheCallerCanStillAskForAPerson() {
        String caller = TwilioWebhookClient.freshNumber();
        String callSid = TwilioWebhookClient.callSid();
        var greeting = webhooks().post("/webhooks/twilio/voice", call(callSid, caller, Map.of("CallStatus", "ringing")));
        String gather = action(greeting.body());

        var heard = Map.of("SpeechResult", "How can I send back a jacket that doesn't fit me?", "Confidence", "0.9");
        assertThat(webhooks().post(gather, call(callSid, caller, heard)).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> spokenTo(callSid) != null);
        String spoken = spokenTo(callSid);
        assertThat(spoken).contains("<Say language=\"en-US\">Automated assistant:").contains("Say or write")
                .containsIgnoringCase("return").contains("<Gather");
        String conversation = agent().currentConversationOf("voice:" + caller);
        JsonNode detail = agent().get("/api/v1/conversations/" + conversation).json();
        JsonNode decision = detail.path("decisions").get(detail.path("decisions").size() - 1);
        assertThat(decision.path("outcome").asText()).isEqualTo("ai-reply");
        assertThat(decision.path("detail").path("ai-article").asText()).isEqualTo("returns-refunds");

        var transfer = webhooks().post(action(spoken), call(callSid, caller,
                Map.of("SpeechResult", "I'd rather talk to a real person", "CallStatus", "in-progress")));
        assertThat(transfer.body()).contains("<Enqueue>support</Enqueue>");
    }

    private static String spokenTo(String callSid) {
        return twilio.callUpdates(callSid).stream().map(u -> u.getOrDefault("Twiml", "")).filter(t -> t.contains("Automated assistant")).findFirst()
                .orElse(null);
    }

    private static String action(String twiml) {
        var m = VoiceCallTest.ACTION.matcher(twiml);
        assertThat(m.find()).as("a Gather posting back in %s", twiml).isTrue();
        return m.group(1);
    }
}
