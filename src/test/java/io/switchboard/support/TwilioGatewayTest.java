package io.switchboard.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A gateway with Twilio configured against one {@link TwilioStub} shared by every test class that
 * extends this (so they share one cached context). Tests use their own numbers and keys and look up
 * what they sent, never what others left.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.sms.rate-limit=12",
        "switchboard.webhooks.secret=" + TwilioGatewayTest.TRANSCRIPT_SECRET,
        "switchboard.delivery.outbox.poll-interval=100ms",
        "switchboard.delivery.outbox.initial-backoff=200ms",
        "switchboard.delivery.outbox.max-backoff=1s",
        "switchboard.delivery.outbox.max-attempts=4",
        "switchboard.twilio.read-timeout=2s",
        "switchboard.voice.transfer.queue=support"})
@ActiveProfiles("test")
public abstract class TwilioGatewayTest {

    public static final String TRANSCRIPT_SECRET = "transcripts-test-secret-of-32-bytes-or-more";
    protected static final TwilioStub twilio = new TwilioStub();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) {
        for (String setting : twilio.settings()) {
            int eq = setting.indexOf('=');
            registry.add(setting.substring(0, eq), () -> setting.substring(eq + 1));
        }
    }

    protected TwilioWebhookClient webhooks() {
        return TwilioWebhookClient.forStub(port);
    }

    protected AgentApi agent() {
        return AgentApi.asAgent(port);
    }
}
