package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.support.Inbound;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.LiveEvents;
import io.switchboard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Business hours and SLA escalation, with the gateway's clock in the test's hands. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.inbox.sweep-interval=1h", "switchboard.inbox.presence-timeout=3650d"})
@ActiveProfiles("test")
@Import(MutableClock.Config.class)
class SlaEscalationTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    ConversationMemory memory;

    @Autowired
    QueueDirectory queues;

    @Autowired
    InboxSweeper sweeper;

    @Autowired
    WaitingList waiting;

    JsonNode conversation(String id) {
        return AgentApi.asSupervisor(port).get("/api/v1/conversations/" + id).json();
    }

    String chatConversation(ChatClient visitor, String queue, String text) {
        String visitorId = visitor.hello(null).path("visitor").asText();
        visitor.say("s-" + UUID.randomUUID(), text);
        String c = AgentApi.asSupervisor(port).currentConversationOf("chat:" + visitorId);
        Inbound.awaitDecided(memory, c);
        memory.queue(c, queue, new Decision(clock.instant(), "human-queue", queue, "test routing", Map.of()));
        return c;
    }

    @Test
    void aClosedQueueTellsTheCustomerWhenItOpensAndTheSlaCountsOnlyOpenTimeThenEscalatesAboveOtherQueues()
            throws Exception {
        clock.set(Instant.parse("2030-01-05T10:00:00Z"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String weekdays = queues.put(new QueueDefinition("weekdays-" + suffix, "Weekdays", 0, Set.of(),
                BusinessHours.parse("Europe/Berlin", List.of("mon-fri 09:00-17:00"), List.of(LocalDate.of(2030, 1, 7))),
                Duration.ofMinutes(30), null, "admin"), "test").name();
        String vip = queues.put(new QueueDefinition("vip-" + suffix, "VIP", 5, Set.of(), BusinessHours.ALWAYS,
                Duration.ofDays(7), null, "admin"), "test").name();
        var team = new InboxTeam(port);
        String ann = team.agent("ann", 1, weekdays, vip);
        var supervisorAlert = LiveEvents.first(port, "supervisor", "supervisor", "alert");

        try (var late = ChatClient.connect(port); var important = ChatClient.connect(port)) {
            String vipConversation = chatConversation(important, vip, "I am a VIP, where is my order?");
            clock.set(Instant.parse("2030-01-05T11:00:00Z"));
            String weekend = chatConversation(late, weekdays, "Can someone change my delivery address?");
            JsonNode notice = late.next("message").path("turn");
            assertThat(notice.path("kind").asText()).isEqualTo("closed-notice");
            assertThat(notice.path("text").asText()).contains("Tuesday 8 January, 09:00 (Europe/Berlin)");

            await().atMost(WAIT).until(() -> conversation(weekend).path("inbox").path("waiting").isObject());
            JsonNode waitingNow = conversation(weekend).path("inbox").path("waiting");
            assertThat(waitingNow.path("queueOpen").asBoolean()).isFalse();
            assertThat(waitingNow.path("nextOpening").asText()).isEqualTo("2030-01-08T08:00:00Z");

            clock.set(Instant.parse("2030-01-08T08:20:00Z"));
            sweeper.sweep();
            assertThat(waiting.find(weekend).orElseThrow().escalatedAt()).as("20 open minutes of 30").isNull();
            assertThat(conversation(weekend).path("inbox").path("waiting").path("slaState").asText()).isEqualTo("ok");

            clock.set(Instant.parse("2030-01-08T08:31:00Z"));
            sweeper.sweep();
            WaitingEntry escalated = waiting.find(weekend).orElseThrow();
            assertThat(escalated.escalatedAt()).isEqualTo(Instant.parse("2030-01-08T08:31:00Z"));
            assertThat(escalated.priority()).isEqualTo(10);
            assertThat(waiting.find(vipConversation).orElseThrow().escalatedAt()).as("3 days of a 7-day SLA").isNull();
            JsonNode breach = AgentApi.asSupervisor(port).get("/api/v1/conversations/" + weekend + "/audit").json();
            assertThat(breach).filteredOn(e -> e.path("action").asText().equals("conversation.sla-breached"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.path("detail").path("waitedSeconds").asLong()).isEqualTo(31 * 60);
                        assertThat(e.path("detail").path("slaSeconds").asLong()).isEqualTo(30 * 60);
                    });
            assertThat(supervisorAlert.get(20, TimeUnit.SECONDS).path("conversationId").asText()).isEqualTo(weekend);
            sweeper.sweep();
            assertThat(AgentApi.asSupervisor(port).get("/api/v1/conversations/" + weekend + "/audit").json())
                    .filteredOn(e -> e.path("action").asText().equals("conversation.sla-breached")).as("once").hasSize(1);

            // the VIP queue ranks higher and its customer waited longer, but the breach ranks above both
            team.as(ann).put("/api/v1/agents/me/presence", "{\"presence\":\"available\"}");
            await().atMost(WAIT).until(() -> ann.equals(conversation(weekend).path("assignee").asText()));
            assertThat(conversation(vipConversation).path("status").asText()).isEqualTo("queued");

            for (String c : List.of(weekend, vipConversation)) {
                AgentApi.asSupervisor(port).post("/api/v1/conversations/" + c + "/resolve", "");
            }
            team.as(ann).put("/api/v1/agents/me/presence", "{\"presence\":\"offline\"}");
        }
    }
}
