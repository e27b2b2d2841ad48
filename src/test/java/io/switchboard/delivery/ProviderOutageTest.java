package io.switchboard.delivery;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Twilio answers 500 for 30 seconds while agents send 500 replies: afterwards each went out exactly once. */
class ProviderOutageTest {

    static final Duration OUTAGE = Duration.ofSeconds(30);
    static TwilioStub twilio;
    static ConfigurableApplicationContext gateway;

    @BeforeAll
    static void start() {
        twilio = new TwilioStub();
        gateway = Gateways.start(Stream.concat(Stream.of(twilio.settings()), Stream.of(
                "switchboard.delivery.outbox.poll-interval=100ms",
                "switchboard.delivery.outbox.initial-backoff=500ms",
                "switchboard.delivery.outbox.max-backoff=2s",
                "switchboard.delivery.outbox.jitter=0.5",
                "switchboard.delivery.outbox.max-attempts=1000",
                "switchboard.delivery.outbox.senders=8")).toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        twilio.close();
    }

    @Test
    void everyReplyIsDeliveredExactlyOnceAfterTheProviderRecovers() throws Exception {
        int port = Gateways.httpPort(gateway);
        var webhooks = TwilioWebhookClient.forStub(port);
        var agent = AgentApi.asAgent(port);
        var conversations = new ArrayList<String>();
        for (int c = 0; c < 50; c++) {
            String phone = TwilioWebhookClient.freshNumber();
            assertThat(webhooks.post("/webhooks/twilio/sms", sms(messageSid(), phone, "question " + c)).status())
                    .isEqualTo(200);
            conversations.add(agent.currentConversationOf("sms:" + phone));
        }

        Instant down = Instant.now();
        twilio.failMessages(500, 20500);
        // fifty agents, one conversation each, ten replies one after the other
        Map<String, List<String>> turnIdsByConversation = new ConcurrentHashMap<>();
        var agents = Executors.newFixedThreadPool(8);
        try {
            var done = new ArrayList<Future<?>>();
            for (String conversation : conversations) {
                done.add(agents.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        var reply = agent.post("/api/v1/conversations/" + conversation + "/replies",
                                AgentApi.json("text", "answer " + i + " in " + conversation));
                        assertThat(reply.status()).isEqualTo(202);
                        turnIdsByConversation.computeIfAbsent(conversation, k -> new ArrayList<>())
                                .add(reply.json().path("id").asText());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            agents.shutdownNow();
        }
        await().atMost(OUTAGE).until(() -> Instant.now().isAfter(down.plus(OUTAGE)));
        assertThat(twilio.answeredPerKey(500)).as("the outage was seen").isNotEmpty();
        assertThat(twilio.answeredPerKey(201)).as("nothing went out during the outage").isEmpty();
        twilio.recover();

        await().atMost(Duration.ofSeconds(25)).until(() -> twilio.answeredPerKey(201).size() == 500);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> twilio.answeredPerKey(201).values().stream().allMatch(n -> n == 1));
        var accepted = twilio.answeredPerKey(201);
        List<String> allTurnIds = turnIdsByConversation.values().stream().flatMap(List::stream).toList();
        assertThat(accepted.keySet()).containsExactlyInAnyOrderElementsOf(allTurnIds);
        assertThat(accepted.values()).containsOnly(1L);

        var order = new ArrayList<>(accepted.keySet());
        turnIdsByConversation.values().forEach(ids ->
                assertThat(ids.stream().map(order::indexOf).toList()).as("a conversation's replies in order").isSorted());
        await().atMost(Duration.ofSeconds(60)).until(() -> conversations.stream().allMatch(c ->
                agent.get("/api/v1/conversations/" + c).json().path("turns").findValues("delivery").stream()
                        .allMatch(d -> "sent".equals(d.path("status").asText()))));
    }
}
