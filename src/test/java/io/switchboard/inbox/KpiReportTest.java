package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.envelope.Envelope;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.InboundTurns;
import io.switchboard.customer.CustomerIdentity;
import io.switchboard.conversation.Decision;
import io.switchboard.support.AgentApi;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.Inbound;
import io.switchboard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * KPIs from a scripted week, compared with values worked out by hand. Conversations (t0 = Monday
 * 2031-03-03 09:00 UTC; the report is read at t0 + 4 days + 1 hour):
 *
 * <pre>
 *        channel  customer  created    first answer       resolved   human  queue    other
 *   c1   chat     X         t0         agent t0+2m (120s)  t0+10m     yes    kpi      CSAT 5
 *   c2   chat     Y         t0+1m      agent t0+25m (1440s) t0+30m    yes    kpi      SLA breach t0+20m, CSAT 3
 *   c3   email    Z         t0+2m      AI t0+3m (60s)      t0+5m      no     none     contained by the AI
 *   c4   chat     X         t0+4d      -                   -          -      kpi      repeat of c1 (same intent)
 *   c5   sms      W         t0+4d+10m  -                   -          -      default
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.inbox.sweep-interval=1h", "switchboard.inbox.presence-timeout=3650d"})
@ActiveProfiles("test")
@Import(MutableClock.Config.class)
class KpiReportTest {

    static final Instant T0 = Instant.parse("2031-03-03T09:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    ConversationMemory memory;

    @Autowired
    CustomerIdentity customerIdentity;

    @Autowired
    InboundTurns inboundTurns;

    @Autowired
    InboxSweeper sweeper;

    @Autowired
    ProducerTemplate producer;

    void at(Duration sinceT0) {
        clock.set(T0.plus(sinceT0));
    }

    String routed(String conversation, String queue) {
        Inbound.awaitDecided(memory, conversation);
        memory.queue(conversation, queue, new Decision(clock.instant(), "human-queue", queue, "billing question",
                Map.of("rule", "test", "intent", "billing")));
        return conversation;
    }

    @Test
    void aScriptedWeekGivesTheHandComputedKpisOverallPerChannelAndPerQueue() {
        at(Duration.ZERO);
        var team = new InboxTeam(port);
        String kpi = team.queue("kpi", "PT5M");
        var ann = team.as(team.agent("ann", 10, kpi));
        var inbound = new Inbound(producer);
        String x = "visitor-x-" + UUID.randomUUID();
        String y = "visitor-y-" + UUID.randomUUID();

        String c1 = routed(inbound.record("chat", "c1-" + x, x, "I was charged twice"), kpi);
        at(Duration.ofMinutes(1));
        String c2 = routed(inbound.record("chat", "c2-" + y, y, "Wrong amount on my bill"), kpi);
        at(Duration.ofMinutes(2));
        ann.post("/api/v1/conversations/" + c1 + "/pick", "");
        assertThat(ann.post("/api/v1/conversations/" + c1 + "/replies", AgentApi.json("text", "Refunding it now"))
                .status()).isEqualTo(202);
        var c3 = appendWithoutDeciding(Envelope.inbound("email", "<c3-" + UUID.randomUUID() + ">",
                "zed-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com", "support", "Opening hours?",
                clock.instant()));
        at(Duration.ofMinutes(3));
        memory.recordAutomatedReply(c3, new ConversationMemory.Draft(Author.AI, "assistant", "email", null,
                "We are open 9 to 5.", null, false, Map.of()));
        at(Duration.ofMinutes(5));
        memory.resolve(c3, "assistant");
        at(Duration.ofMinutes(10));
        ann.post("/api/v1/conversations/" + c1 + "/resolve", "");
        at(Duration.ofMinutes(11));
        assertThat(inbound.send("chat", "c1-rating-" + x, x, "5").getException()).isNull();
        at(Duration.ofMinutes(20));
        sweeper.sweep();
        at(Duration.ofMinutes(21));
        ann.post("/api/v1/conversations/" + c2 + "/pick", "");
        at(Duration.ofMinutes(25));
        ann.post("/api/v1/conversations/" + c2 + "/replies", AgentApi.json("text", "Corrected"));
        at(Duration.ofMinutes(30));
        ann.post("/api/v1/conversations/" + c2 + "/resolve", "");
        at(Duration.ofMinutes(31));
        assertThat(inbound.send("chat", "c2-rating-" + y, y, "3").getException()).isNull();
        at(Duration.ofDays(4));
        String c4 = routed(inbound.record("chat", "c4-" + x, x, "Charged twice again!"), kpi);
        assertThat(c4).isNotEqualTo(c1);
        at(Duration.ofDays(4).plusMinutes(10));
        inbound.record("sms", "c5-" + UUID.randomUUID(), "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999)), "Hi");
        at(Duration.ofDays(4).plusHours(1));

        var supervisor = AgentApi.asSupervisor(port);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode week = supervisor.get("/api/v1/kpis?window=week").json();
            assertKpis(week.path("overall"), 5, 540.0, 3, 840.0, 1 / 3.0, 0.8, 1, 4.0, 2, 1);
            assertKpis(week.path("byChannel").path("chat"), 3, 780.0, 2, 1170.0, 0.0, 1.0, 1, 4.0, 2, 1);
            assertKpis(week.path("byChannel").path("email"), 1, 60.0, 1, 180.0, 1.0, 0.0, 0, null, 0, 0);
            assertKpis(week.path("byChannel").path("sms"), 1, null, 0, null, null, 1.0, 0, null, 0, 0);
            assertKpis(week.path("byQueue").path(kpi), 3, 780.0, 2, 1170.0, 0.0, 1.0, 1, 4.0, 2, 1);
            assertKpis(week.path("byQueue").path("default"), 1, null, 0, null, null, 1.0, 0, null, 0, 0);

            JsonNode hour = supervisor.get("/api/v1/kpis?window=hour").json();
            assertKpis(hour.path("overall"), 2, null, 0, null, null, 1.0, 1, null, 0, 0);
            JsonNode day = supervisor.get("/api/v1/kpis?window=day").json();
            assertThat(day.path("from").asText()).isEqualTo("2031-03-06T10:00:00Z");
            assertKpis(day.path("overall"), 2, null, 0, null, null, 1.0, 1, null, 0, 0);
        });
    }

    static void assertKpis(JsonNode k, long conversations, Double firstResponse, long resolved, Double resolution,
                           Double containment, Double handoff, long repeats, Double csat, long answers, long breaches) {
        assertThat(k.path("conversations").asLong()).as("conversations").isEqualTo(conversations);
        assertNumber(k, "firstResponseSeconds", firstResponse);
        assertThat(k.path("resolved").asLong()).as("resolved").isEqualTo(resolved);
        assertNumber(k, "resolutionSeconds", resolution);
        assertNumber(k, "aiContainment", containment);
        assertNumber(k, "handoffRate", handoff);
        assertThat(k.path("repeatContacts").asLong()).as("repeat contacts").isEqualTo(repeats);
        assertNumber(k, "csatAverage", csat);
        assertThat(k.path("csatAnswers").asLong()).as("CSAT answers").isEqualTo(answers);
        assertThat(k.path("slaBreaches").asLong()).as("SLA breaches").isEqualTo(breaches);
    }

    static void assertNumber(JsonNode k, String field, Double expected) {
        if (expected == null) {
            assertThat(k.path(field).isMissingNode() || k.path(field).isNull()).as(field + " not measured").isTrue();
        } else {
            assertThat(k.path(field).asDouble()).as(field).isCloseTo(expected, Offset.offset(1e-9));
        }
    }

    /** The inbound route's identify and append steps, without the decision that follows them. */
    private String appendWithoutDeciding(Envelope envelope) {
        return inboundTurns.append(envelope, customerIdentity.identify(envelope)).conversationId();
    }
}
