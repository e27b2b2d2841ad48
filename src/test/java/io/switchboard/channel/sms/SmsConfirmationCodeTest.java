package io.switchboard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.ChatClient;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioWebhookClient;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A phone number claimed in the chat is confirmed by a one-time code that goes out by SMS. */
class SmsConfirmationCodeTest extends TwilioGatewayTest {

    @Test
    void aClaimedNumberGetsACodeBySmsAndTheCodeLinksIt() {
        String phone = TwilioWebhookClient.freshNumber();
        try (var visitor = ChatClient.connect(port)) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            visitor.say("m-1", "I also texted you yesterday");
            visitor.send(visitor.frame("claim").put("address", phone));
            var claimed = visitor.next("claimed");
            assertThat(claimed.path("address").asText()).isEqualTo("sms:" + phone);
            assertThat(claimed.path("codeSent").asBoolean()).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> twilio.messagesTo(phone).size() == 1);
            Map<String, String> sms = twilio.messagesTo(phone).get(0);
            Matcher code = Pattern.compile("code is (\\d{6})").matcher(sms.get("Body"));
            assertThat(code.find()).isTrue();
            assertThat(sms.get("StatusCallback")).doesNotContain("&c=");

            visitor.send(visitor.frame("confirm").put("code", code.group(1)));
            assertThat(visitor.next("confirmed").path("address").asText()).isEqualTo("sms:" + phone);
            assertThat(agent().currentConversationOf("sms:" + phone))
                    .isEqualTo(agent().currentConversationOf("chat:" + visitorId));
        }
    }

    @Test
    void noCodeGoesToANumberThatOptedOut() {
        String phone = TwilioWebhookClient.freshNumber();
        webhooks().post("/webhooks/twilio/sms", TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(), phone, "STOP"));
        try (var visitor = ChatClient.connect(port)) {
            visitor.hello(null);
            visitor.send(visitor.frame("claim").put("address", phone));
            assertThat(visitor.next("claimed").path("codeSent").asBoolean()).isFalse();
        }
        assertThat(twilio.messagesTo(phone)).isEmpty();
    }
}
