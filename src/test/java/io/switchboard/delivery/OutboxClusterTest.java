package io.switchboard.delivery;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The outbox across instances and restarts: a message queued anywhere goes out once, from somewhere. */
class OutboxClusterTest {

    static final String[] FAST_RETRIES = {
        "switchboard.delivery.outbox.poll-interval=100ms",
        "switchboard.delivery.outbox.initial-backoff=300ms",
        "switchboard.delivery.outbox.max-backoff=1s",
        "switchboard.delivery.outbox.max-attempts=1000",
        // an instance that leaves mid-send keeps its lease: the survivor may take the message over soon after
        "switchboard.delivery.outbox.lease=5s"};

    final TwilioStub twilio = new TwilioStub();
    final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        gateways.forEach(ConfigurableApplicationContext::close);
        twilio.close();
    }

    @Test
    void repliesQueuedOnTwoInstancesGoOutOnceEvenWhenOneInstanceLeaves() {
        String cluster = "outbox-" + UUID.randomUUID();
        String database = "jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        int portA = Gateways.freePort();
        int portB = Gateways.freePort();
        String members = "switchboard.cluster.members=127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        var first = start("spring.datasource.url=" + database, "switchboard.cluster.name=" + cluster,
                "switchboard.cluster.port=" + portA, members);
        var second = start("spring.datasource.url=" + database, "switchboard.cluster.name=" + cluster,
                "switchboard.cluster.port=" + portB, members);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                first.getBean(HazelcastInstance.class).getCluster().getMembers().size() == 2);

        twilio.failMessages(503, 20503);
        var apis = List.of(AgentApi.asAgent(Gateways.httpPort(first)), AgentApi.asAgent(Gateways.httpPort(second)));
        var hooks = List.of(TwilioWebhookClient.forStub(Gateways.httpPort(first)),
                TwilioWebhookClient.forStub(Gateways.httpPort(second)));
        var turnIds = new ArrayList<String>();
        var perConversation = new ArrayList<List<String>>();
        for (int c = 0; c < 10; c++) {
            String phone = TwilioWebhookClient.freshNumber();
            hooks.get(c % 2).post("/webhooks/twilio/sms", sms(messageSid(), phone, "hello " + c));
            String conversation = apis.get(c % 2).currentConversationOf("sms:" + phone);
            var ids = new ArrayList<String>();
            for (int r = 0; r < 6; r++) {
                var reply = apis.get((c + r) % 2).post("/api/v1/conversations/" + conversation + "/replies",
                        AgentApi.json("text", "reply " + r));
                assertThat(reply.status()).isEqualTo(202);
                ids.add(reply.json().path("id").asText());
            }
            turnIds.addAll(ids);
            perConversation.add(ids);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.answeredPerKey(503).size() >= 10);

        first.close();
        gateways.remove(first);
        twilio.recover();

        await().atMost(Duration.ofSeconds(40)).until(() -> twilio.answeredPerKey(201).size() == turnIds.size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> twilio.answeredPerKey(201).values().stream().allMatch(n -> n == 1));
        assertThat(twilio.answeredPerKey(201).keySet()).containsExactlyInAnyOrderElementsOf(turnIds);
        var order = new ArrayList<>(twilio.answeredPerKey(201).keySet());
        perConversation.forEach(ids -> assertThat(ids.stream().map(order::indexOf).toList())
                .as("a conversation's replies in order, whichever instance queued them").isSorted());
    }

    @Test
    void repliesQueuedBeforeARestartGoOutOnceAfterIt() throws Exception {
        Path data = Files.createTempDirectory("switchboard-outbox-restart");
        String database = "spring.datasource.url=jdbc:h2:file:" + data.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
        twilio.failMessages(500, 20500);
        var before = start(database);
        var api = AgentApi.asAgent(Gateways.httpPort(before));
        String phone = TwilioWebhookClient.freshNumber();
        TwilioWebhookClient.forStub(Gateways.httpPort(before)).post("/webhooks/twilio/sms", sms(messageSid(), phone, "hi"));
        String conversation = api.currentConversationOf("sms:" + phone);
        var turnIds = new ArrayList<String>();
        for (int r = 0; r < 10; r++) {
            turnIds.add(api.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "before the restart " + r)).json().path("id").asText());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !twilio.answeredPerKey(500).isEmpty());
        before.close();
        gateways.remove(before);

        twilio.recover();
        var after = start(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> twilio.answeredPerKey(201).size() == 10);
        assertThat(twilio.answeredPerKey(201)).containsOnlyKeys(turnIds).allSatisfy((key, n) -> assertThat(n).isOne());
        assertThat(new ArrayList<>(twilio.answeredPerKey(201).keySet())).as("in turn order").isEqualTo(turnIds);
        var apiAfter = AgentApi.asAgent(Gateways.httpPort(after));
        await().atMost(Duration.ofSeconds(10)).until(() -> apiAfter.get("/api/v1/conversations/" + conversation).json()
                .path("turns").findValues("delivery").stream().allMatch(d -> "sent".equals(d.path("status").asText())));
    }

    @Test
    void aReplyStoredButInNoMembersMemoryIsBroughtBackByTheSweepAndSentOnce() {
        twilio.failMessages(503, 20503);
        var gateway = start("switchboard.delivery.outbox.sweep-interval=1s");
        var api = AgentApi.asAgent(Gateways.httpPort(gateway));
        String phone = TwilioWebhookClient.freshNumber();
        TwilioWebhookClient.forStub(Gateways.httpPort(gateway)).post("/webhooks/twilio/sms", sms(messageSid(), phone, "hi"));
        String conversation = api.currentConversationOf("sms:" + phone);
        String turnId = api.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "stranded")).json().path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.answeredPerKey(503).containsKey(turnId));

        // what a member that died between the database write and the backup leaves behind
        gateway.getBean(HazelcastInstance.class).getMap(Outbox.MAP).evict(new OutboxKey(turnId, conversation));
        twilio.recover();

        await().atMost(Duration.ofSeconds(15)).until(() -> twilio.answeredPerKey(201).containsKey(turnId));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> twilio.answeredPerKey(201).get(turnId) == 1);
    }

    @Test
    void aReplyAnotherMemberAlreadySentIsNotSentAgainFromACopyThatIsBehind() {
        twilio.failMessages(503, 20503);
        var gateway = start();
        var api = AgentApi.asAgent(Gateways.httpPort(gateway));
        String phone = TwilioWebhookClient.freshNumber();
        TwilioWebhookClient.forStub(Gateways.httpPort(gateway)).post("/webhooks/twilio/sms", sms(messageSid(), phone, "hi"));
        String conversation = api.currentConversationOf("sms:" + phone);
        String turnId = api.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "sent elsewhere")).json().path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.answeredPerKey(503).containsKey(turnId));

        // the other side of a split sent it meanwhile: the database says sent, this member's copy does not
        var key = new OutboxKey(turnId, conversation);
        gateway.getBean(JdbcTemplate.class).update("update outbox_message set state = 'sent' where message_key = ?",
                key.toString());
        twilio.recover();

        var outbox = gateway.getBean(HazelcastInstance.class).getMap(Outbox.MAP);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.getEntryView(key) == null);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> !twilio.answeredPerKey(201).containsKey(turnId));
    }

    private ConfigurableApplicationContext start(String... settings) {
        var context = Gateways.start(Stream.of(twilio.settings(), FAST_RETRIES, settings).flatMap(Stream::of)
                .toArray(String[]::new));
        gateways.add(context);
        return context;
    }
}
