package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.routing.IntentAutonomy;
import io.switchboard.routing.RoutingProperties;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.Gateways;
import io.switchboard.support.HostileInput;
import io.switchboard.support.Inbound;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.PageSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Two gateway instances joined over TCP/IP on loopback, sharing one database. */
class TwoInstancesTest {

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        String cluster = "two-" + UUID.randomUUID();
        String database = "jdbc:h2:mem:two-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        int portA = Gateways.freePort();
        int portB = Gateways.freePort();
        String members = "switchboard.cluster.members=127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        first = Gateways.start("spring.datasource.url=" + database, "switchboard.cluster.name=" + cluster,
                "switchboard.cluster.port=" + portA, members);
        second = Gateways.start("spring.datasource.url=" + database, "switchboard.cluster.name=" + cluster,
                "switchboard.cluster.port=" + portB, members);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                first.getBean(HazelcastInstance.class).getCluster().getMembers().size() == 2);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void anIntentTakenBackOnOneInstanceIsTakenBackOnTheOther() {
        var onFirst = first.getBean(IntentAutonomy.class);
        var onSecond = second.getBean(IntentAutonomy.class);
        assertThat(onSecond.of("shipping", "cust-1")).isEqualTo(RoutingProperties.Autonomy.AUTO);
        assertThat(onFirst.demote("shipping", "graded unsafe", Map.of("unsafe", "1"))).isTrue();
        assertThat(onSecond.demote("shipping", "graded unsafe", Map.of("unsafe", "1"))).as("once").isFalse();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> onSecond.of("shipping", "cust-1") == RoutingProperties.Autonomy.DRAFT);
        onSecond.lift("shipping", "supervisor", "article fixed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> onFirst.of("shipping", "cust-1") == RoutingProperties.Autonomy.AUTO);
    }

    @Test
    void aMessageReceivedByOneInstanceIsVisibleAndAnswerableOnTheOther() {
        try (var visitor = ChatClient.connect(Gateways.httpPort(first))) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            assertThat(visitor.say("x-1", "Is my order shipped?").path("seq").asLong()).isEqualTo(1);

            var apiOnSecond = AgentApi.asAgent(Gateways.httpPort(second));
            String conversation = apiOnSecond.currentConversationOf("chat:" + visitorId);
            assertThat(apiOnSecond.get("/api/v1/conversations/" + conversation).json().path("turns").get(0)
                    .path("text").asText()).isEqualTo("Is my order shipped?");

            assertThat(apiOnSecond.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "Yes, it left yesterday.")).status()).isEqualTo(202);
            assertThat(visitor.next("message").path("turn").path("text").asText()).isEqualTo("Yes, it left yesterday.");
        }
    }

    @Test
    @Tag("hostile-input")
    void aUserDisabledOrGivenOtherRolesOnOneInstanceLosesTheirSessionAndLiveUpdatesOnTheOther() throws Exception {
        var cases = HostileInput.on("api");
        var admin = AgentApi.asAdmin(Gateways.httpPort(first));
        String user = "dora-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/api/v1/users", InboxTeam.write(Map.of("username", user, "password", "dora-password-1",
                "roles", List.of("agent", "supervisor")))).status()).isEqualTo(201);

        var page = PageSession.signIn(Gateways.httpPort(second), user, "dora-password-1");
        assertThat(page.get("/api/v1/kpis").statusCode()).isEqualTo(200);
        admin.put("/api/v1/users/" + user + "/roles", "{\"roles\":[\"agent\"]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> page.get("/api/v1/agents/me").statusCode() == 401);
        cases.refused("a session kept on another instance after its user lost a role",
                page.get("/api/v1/kpis").statusCode() == 401, () -> false);

        var again = PageSession.signIn(Gateways.httpPort(second), user, "dora-password-1");
        var stream = again.liveUpdates();
        await().atMost(Duration.ofSeconds(10)).until(() -> again.get("/api/v1/agents/me").statusCode() == 200);
        admin.put("/api/v1/users/" + user + "/enabled", "{\"enabled\":false}");
        var ended = stream.get(10, TimeUnit.SECONDS);
        cases.refused("a session and live-update stream kept on another instance after its user was disabled",
                ended.statusCode() == 200 && again.get("/api/v1/agents/me").statusCode() == 401, () -> false);
    }

    @Test
    void concurrentAppendsFromBothInstancesLoseNothing() throws Exception {
        String sender = "+1555" + (1_000_000 + (int) (Math.random() * 8_000_000));
        var inboundA = new Inbound(first.getBean(ProducerTemplate.class));
        var inboundB = new Inbound(second.getBean(ProducerTemplate.class));
        String conversation = inboundA.record("sms", "SM-first-" + sender, sender, "first");

        int perInstance = 200;
        var pool = Executors.newFixedThreadPool(8);
        var tasks = new ArrayList<Callable<String>>();
        for (int i = 0; i < perInstance; i++) {
            int n = i;
            tasks.add(() -> inboundA.record("sms", "SM-a-" + n + "-" + sender, sender, "from A " + n));
            tasks.add(() -> inboundB.record("sms", "SM-b-" + n + "-" + sender, sender, "from B " + n));
        }
        List<Future<String>> results = pool.invokeAll(tasks);
        pool.shutdown();
        for (Future<String> result : results) {
            assertThat(result.get()).isEqualTo(conversation);
        }

        long expected = 1 + 2L * perInstance;
        ConversationMemory onSecond = second.getBean(ConversationMemory.class);
        assertThat(onSecond.require(conversation).nextSeq()).isEqualTo(expected + 1);
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("select count(*) from turn where conversation_id = ?", Long.class, conversation))
                .isEqualTo(expected);
        assertThat(jdbc.queryForObject("select count(distinct seq) from turn where conversation_id = ?", Long.class,
                conversation)).isEqualTo(expected);
        assertThat(jdbc.queryForObject("select count(distinct provider_message_id) from turn where conversation_id = ?",
                Long.class, conversation)).isEqualTo(expected);
    }
}
