package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.support.Gateways;
import io.switchboard.support.Inbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two clustered instances assign 2,000 conversations arriving on both at once to 20 agents of 50
 * slots each: every conversation ends up with exactly one agent or waiting, no agent over capacity.
 */
class AssignmentUnderLoadTest {

    static final int AGENTS = 20;
    static final int CAPACITY = 50;
    static final int CONVERSATIONS = 2_000;

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        String cluster = "load-" + UUID.randomUUID();
        String database = "jdbc:h2:mem:load-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        int portA = Gateways.freePort();
        int portB = Gateways.freePort();
        String members = "switchboard.cluster.members=127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        first = Gateways.start("spring.datasource.url=" + database, "switchboard.cluster.name=" + cluster,
                "switchboard.cluster.port=" + portA, members, "logging.level.io.switchboard=warn");
        second = Gateways.start("spring.datasource.url=" + database, "switchboard.cluster.name=" + cluster,
                "switchboard.cluster.port=" + portB, members, "logging.level.io.switchboard=warn");
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
    void noConversationGoesToTwoAgentsNoAgentGoesOverCapacityAndTheRestWait() throws Exception {
        var agents = new ArrayList<String>();
        for (int i = 0; i < AGENTS; i++) {
            String agent = "load-agent-" + i;
            agents.add(agent);
            ConfigurableApplicationContext instance = i % 2 == 0 ? first : second;
            instance.getBean(AgentRoster.class).updateProfile(agent, null, Set.of("default"), Set.of(),
                    Map.of("sms", CAPACITY), "test");
            instance.getBean(Handovers.class).setPresence(agent, Presence.AVAILABLE, "test");
        }

        var inboundA = new Inbound(first.getBean(ProducerTemplate.class));
        var inboundB = new Inbound(second.getBean(ProducerTemplate.class));
        var pool = Executors.newFixedThreadPool(8);
        var tasks = new ArrayList<Callable<String>>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            String from = "+1555" + (2_000_000 + i);
            Inbound inbound = i % 2 == 0 ? inboundA : inboundB;
            tasks.add(() -> inbound.record("sms", "SM-load-" + from, from, "Where is my parcel?"));
        }
        List<Future<String>> sent = pool.invokeAll(tasks);
        pool.shutdown();
        var conversations = new HashSet<String>();
        for (Future<String> conversation : sent) {
            conversations.add(conversation.get());
        }
        assertThat(conversations).hasSize(CONVERSATIONS);

        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        int slots = AGENTS * CAPACITY;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count(jdbc, "assigned") == slots && count(jdbc, "queued") == CONVERSATIONS - slots);

        var byAgent = new HashMap<String, Set<String>>();
        jdbc.query("select id, assignee from conversation where status = 'assigned'", rs -> {
            byAgent.computeIfAbsent(rs.getString("assignee"), k -> new HashSet<>()).add(rs.getString("id"));
        });
        assertThat(byAgent.keySet()).containsExactlyInAnyOrderElementsOf(agents);
        var held = new HashSet<String>();
        for (Agent agent : second.getBean(AgentRoster.class).all()) {
            if (!agent.username().startsWith("load-agent-")) {
                continue;
            }
            assertThat(agent.active()).as(agent.username() + " holds its capacity, no more").hasSize(CAPACITY);
            assertThat(agent.active().keySet()).as(agent.username() + "'s slots are its conversations")
                    .isEqualTo(byAgent.get(agent.username()));
            assertThat(agent.active().values()).allMatch(Agent.Slot::confirmed);
            for (String conversation : agent.active().keySet()) {
                assertThat(held.add(conversation)).as("conversation " + conversation + " held twice").isTrue();
            }
        }
        assertThat(held).hasSize(slots);
        assertThat(jdbc.queryForObject("""
                select count(*) from audit_event where action = 'conversation.assigned' and subject_id in
                (select id from conversation)""", Integer.class)).as("one assignment per assigned conversation")
                .isEqualTo(slots);
        assertThat(jdbc.queryForObject("select count(distinct subject_id) from audit_event where action = "
                + "'conversation.assigned'", Integer.class)).isEqualTo(slots);
        List<String> queued = jdbc.queryForList("select id from conversation where status = 'queued'", String.class);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(first.getBean(WaitingList.class).inOrder()).as("the waiting list follows the queue")
                        .extracting(WaitingEntry::conversationId).containsExactlyInAnyOrderElementsOf(queued));
        assertThat(count(jdbc, "assigned")).as("still, after every event was handled").isEqualTo(slots);
    }

    private static int count(JdbcTemplate jdbc, String status) {
        return jdbc.queryForObject("select count(*) from conversation where status = ?", Integer.class, status);
    }
}
