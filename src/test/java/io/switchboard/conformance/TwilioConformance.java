package io.switchboard.conformance;

import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The suite for a channel Twilio carries: a gateway pointed at the stub of Twilio's API with the
 * test account, Twilio's signed webhooks into it, senders with fresh phone numbers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwilioConformance extends ConnectorConformance {

    TwilioStub twilio;
    ConfigurableApplicationContext gateway;
    AgentApi api;
    TwilioWebhookClient webhooks;

    /** Settings the channel needs beyond the Twilio account's. */
    String[] settings() {
        return new String[0];
    }

    @BeforeAll
    void start() {
        twilio = new TwilioStub();
        gateway = Gateways.start(Stream.of(Stream.of(twilio.settings()), Stream.of(settings()), Stream.of(
                        "switchboard.delivery.outbox.initial-backoff=200ms", "switchboard.delivery.outbox.max-backoff=500ms"))
                .flatMap(s -> s).toArray(String[]::new));
        api = AgentApi.asAgent(Gateways.httpPort(gateway));
        webhooks = TwilioWebhookClient.forStub(Gateways.httpPort(gateway));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        twilio.close();
    }

    @Override
    protected AgentApi api() {
        return api;
    }

    @Override
    protected String newSender() {
        return TwilioWebhookClient.freshNumber();
    }
}
