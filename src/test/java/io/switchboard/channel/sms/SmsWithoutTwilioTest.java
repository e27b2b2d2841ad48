package io.switchboard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.delivery.ChannelCatalog;
import io.switchboard.support.TwilioWebhookClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The default run has no Twilio account: the gateway starts, SMS and voice are plainly off. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SmsWithoutTwilioTest {

    @LocalServerPort
    int port;

    @Autowired
    ChannelCatalog channels;

    @Test
    void smsAndVoiceAreSwitchedOffAndTheirWebhooksSaySo() {
        assertThat(channels.canSend("sms")).isFalse();
        assertThat(channels.canSend("voice")).isFalse();
        assertThat(channels.unavailable("sms")).contains("Twilio is not configured");
        assertThat(channels.canSend("chat")).isTrue();

        // Tomcat closes the connection after a 503: a new client (and connection) for each request
        var sms = client().post("/webhooks/twilio/sms", TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(),
                "+14155550123", "hello"));
        assertThat(sms.status()).isEqualTo(503);
        assertThat(sms.body()).contains("SMS is not configured");
        assertThat(client().post("/webhooks/twilio/voice", Map.of("CallSid", TwilioWebhookClient.callSid())).status())
                .isEqualTo(503);
        assertThat(client().post("/webhooks/voice/transcripts", Map.of("callId", "x")).status()).isEqualTo(503);
    }

    private TwilioWebhookClient client() {
        return new TwilioWebhookClient(port, "http://localhost:" + port, "anything");
    }
}
