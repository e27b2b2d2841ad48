package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.MailClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/**
 * Search over the real pipeline: messages taken in on SMS and e-mail (over SMTP and IMAP) are found
 * by an order number, a phone number however typed, a word of a subject; an agent finds nothing of
 * another queue; card numbers are not found in clear; pages follow with the cursor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SearchTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConversationMemory memory;

    @Autowired
    Environment environment;

    @Test
    void anOrderNumberGivenOnSmsAndThePhoneNumberTypedThreeWaysFindTheConversation() {
        String number = "+1415555" + String.format("%04d", (int) (Math.random() * 10_000));
        String order = "Q" + (100_000 + (int) (Math.random() * 899_999));
        String conversation = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), number,
                "Hi, my order " + order + " never arrived and the tracking page is empty");
        var supervisor = AgentApi.asSupervisor(port);

        JsonNode byOrder = search(supervisor, order.toLowerCase());
        assertThat(conversations(byOrder)).containsExactly(conversation);
        JsonNode snippet = byOrder.path("hits").get(0).path("snippet");
        assertThat(snippet.path("channel").asText()).isEqualTo("sms");
        assertThat(marked(snippet)).containsExactly(order);

        String local = number.substring(2);
        for (String typed : List.of(number, "+1 " + local.substring(0, 3) + " " + local.substring(3, 6) + " "
                + local.substring(6), local, "(" + local.substring(0, 3) + ") " + local.substring(3, 6) + "-"
                + local.substring(6))) {
            assertThat(conversations(search(supervisor, typed))).as(typed).contains(conversation);
        }
        assertThat(conversations(search(supervisor, order + " tracking"))).as("every word in one message")
                .containsExactly(conversation);
        assertThat(conversations(search(supervisor, order + " refund"))).as("a word it does not have").isEmpty();
    }

    @Test
    void aWordOfAnEmailSubjectFindsItsConversation() {
        String from = "sub-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        var mail = MailClient.of(environment);
        mail.send(mail.compose(from, environment.getRequiredProperty("switchboard.email.address"),
                "Zählerstand Kühlschrank", "Please see the subject."));
        var supervisor = AgentApi.asSupervisor(port);
        String conversation = await().atMost(Duration.ofSeconds(20)).until(() -> {
            var found = supervisor.get("/api/v1/customers?address=email:" + from);
            return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
        }, id -> id != null);
        assertThat(conversations(search(supervisor, "kuhlschrank"))).as("accents folded").contains(conversation);
        assertThat(conversations(search(supervisor, from.toUpperCase()))).as("the address, any case")
                .containsExactly(conversation);
    }

    @Test
    void anAgentOfAnotherQueueGetsNoHitAndNoSnippetWhileTheQueuesAgentDoes() {
        var team = new InboxTeam(port);
        String annQueue = team.queue("search-a", "PT10M");
        String bobQueue = team.queue("search-b", "PT10M");
        String ann = team.agent("ann-search", 5, annQueue);
        String bob = team.agent("bob-search", 5, bobQueue);
        String secret = "Z" + (100_000 + (int) (Math.random() * 899_999));
        String conversation = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), freshNumber(),
                "Parcel " + secret + " was left at the wrong door");
        Inbound.awaitDecided(memory, conversation);
        memory.queue(conversation, annQueue, new Decision(Instant.now(), "human-queue", annQueue, "test", Map.of()));

        assertThat(conversations(search(team.as(ann), secret))).containsExactly(conversation);
        JsonNode forBob = search(team.as(bob), secret);
        assertThat(forBob.path("hits")).as("no hit, so no snippet").isEmpty();
        assertThat(forBob.toString()).doesNotContain("wrong door");

        // moved to the other queue: the index follows at once, with its turns already written
        memory.queue(conversation, bobQueue, new Decision(Instant.now(), "transfer", bobQueue, "test", Map.of()));
        assertThat(jdbc.queryForList("select distinct queue_name from search_term where conversation_id = ?",
                String.class, conversation)).containsExactly(bobQueue);
        assertThat(conversations(search(team.as(bob), secret))).containsExactly(conversation);
        assertThat(conversations(search(team.as(ann), secret))).isEmpty();
        // assigned to ann while in bob's queue: hers to find too
        memory.assign(conversation, ann, "test");
        assertThat(conversations(search(team.as(ann), secret))).containsExactly(conversation);
    }

    @Test
    void aCardNumberIsNeverFoundInClearButItsMaskedFormIsShown() {
        String conversation = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), freshNumber(),
                "Charge my card 4111 1111 1111 1111 for the courier fee please");
        var supervisor = AgentApi.asSupervisor(port);
        assertThat(conversations(search(supervisor, "courier"))).contains(conversation);
        assertThat(conversations(search(supervisor, "4111111111111111"))).doesNotContain(conversation);
        assertThat(conversations(search(supervisor, "4111 1111 1111 1111"))).doesNotContain(conversation);
        JsonNode hit = search(supervisor, "courier").path("hits").get(0);
        assertThat(hit.path("snippet").path("text").asText()).contains("[card ****1111]").doesNotContain("4111 1111");
    }

    @Test
    void resultsComeNewestFirstInPagesFollowedByTheCursor() {
        String word = "pagetest" + UUID.randomUUID().toString().substring(0, 6);
        var recorded = new ArrayList<String>();
        String firstSender = freshNumber();
        for (int i = 0; i < 5; i++) {
            recorded.add(0, new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), i == 0 ? firstSender
                    : freshNumber(), "Question " + i + " about " + word));
        }
        // the first customer writes again: their conversation matches twice and comes first, once
        String again = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), firstSender,
                "And more about " + word);
        assertThat(recorded.remove(again)).as("the same conversation").isTrue();
        recorded.add(0, again);
        var supervisor = AgentApi.asSupervisor(port);
        JsonNode first = supervisor.get("/api/v1/search?limit=2&q=" + word).json();
        JsonNode second = supervisor.get("/api/v1/search?limit=2&q=" + word + "&cursor=" + first.path("next").asText()).json();
        JsonNode third = supervisor.get("/api/v1/search?limit=2&q=" + word + "&cursor=" + second.path("next").asText()).json();
        var all = new ArrayList<String>();
        all.addAll(conversations(first));
        all.addAll(conversations(second));
        all.addAll(conversations(third));
        assertThat(all).containsExactlyElementsOf(recorded);
        assertThat(third.hasNonNull("next")).as("the last page").isFalse();
        assertThat(supervisor.get("/api/v1/search?q=" + word + "&cursor=not-ours").status()).isEqualTo(400);
        assertThat(supervisor.get("/api/v1/search?q=%20%20").status()).isEqualTo(400);
    }

    @Test
    void theListShowsTheCustomersWordsNotTheGatewaysNotice() {
        String from = "heater-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        var mail = MailClient.of(environment);
        mail.send(mail.compose(from, environment.getRequiredProperty("switchboard.email.address"), "Heater",
                "I want to speak to a human about my broken heater"));
        var supervisor = AgentApi.asSupervisor(port);
        String conversation = await().atMost(Duration.ofSeconds(20)).until(() -> {
            var found = supervisor.get("/api/v1/customers?address=email:" + from);
            return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
        }, id -> id != null);
        Inbound.awaitDecided(memory, conversation);
        // someone else has the last word: the supervisor's reply
        assertThat(supervisor.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "Thanks, a technician will call you.")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode turns = supervisor.get("/api/v1/conversations/" + conversation).json().path("turns");
            return turns.get(turns.size() - 1).path("author").asText().equals("agent");
        });
        JsonNode item = null;
        for (JsonNode listed : supervisor.get("/api/v1/inbox").json().path("mine")) {
            if (listed.path("id").asText().equals(conversation)) {
                item = listed;
            }
        }
        assertThat(item).as("the supervisor's now").isNotNull();
        assertThat(item.path("preview").asText()).isEqualTo("I want to speak to a human about my broken heater");
    }

    @Test
    void theListAndTheSearchFilterByTheIntentRoutingSaw() {
        String intent = "warranty-" + UUID.randomUUID().toString().substring(0, 6);
        String word = "intentfilter" + UUID.randomUUID().toString().substring(0, 6);
        String withIntent = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), freshNumber(),
                "Is my " + word + " still covered?");
        String other = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), freshNumber(),
                "Another " + word + " question");
        Inbound.awaitDecided(memory, withIntent);
        Inbound.awaitDecided(memory, other);
        memory.recordDecision(withIntent, new Decision(Instant.now(), "human-queue", "default", "test",
                Map.of("intent", intent)));
        var supervisor = AgentApi.asSupervisor(port);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                ids(supervisor.get("/api/v1/conversations?intent=" + intent).json())).containsExactly(withIntent));
        assertThat(conversations(search(supervisor, word))).contains(withIntent, other);
        assertThat(conversations(supervisor.get("/api/v1/search?q=" + word + "&intent=" + intent).json()))
                .containsExactly(withIntent);
        assertThat(conversations(supervisor.get("/api/v1/search?q=" + word + "&intent=other-" + intent).json()))
                .isEmpty();
    }

    @Test
    void theListFiltersByChannelQueueAndUnverifiedSenders() {
        var team = new InboxTeam(port);
        String queue = team.queue("filtered", "PT10M");
        String bySms = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), freshNumber(), "A question by text");
        String byChat = new Inbound(producer).record("chat", UUID.randomUUID().toString(),
                "visitor-" + UUID.randomUUID(), "A question in the chat");
        Inbound.awaitDecided(memory, bySms);
        Inbound.awaitDecided(memory, byChat);
        memory.queue(bySms, queue, new Decision(Instant.now(), "human-queue", queue, "test", Map.of()));
        var supervisor = AgentApi.asSupervisor(port);

        assertThat(ids(supervisor.get("/api/v1/conversations?channel=sms&limit=500").json()))
                .contains(bySms).doesNotContain(byChat);
        assertThat(ids(supervisor.get("/api/v1/conversations?channel=chat&limit=500").json()))
                .contains(byChat).doesNotContain(bySms);
        assertThat(ids(supervisor.get("/api/v1/conversations?queue=" + queue).json())).containsExactly(bySms);
        assertThat(ids(supervisor.get("/api/v1/conversations?unverified=true&limit=500").json()))
                .as("both senders are vouched for by their channel").doesNotContain(bySms, byChat);
        JsonNode item = null;
        for (JsonNode q : supervisor.get("/api/v1/inbox").json().path("queues")) {
            for (JsonNode listed : q.path("items")) {
                if (listed.path("id").asText().equals(bySms)) {
                    item = listed;
                }
            }
        }
        assertThat(item.path("channel").asText()).isEqualTo("sms");
        assertThat(item.path("preview").asText()).isEqualTo("A question by text");
    }

    @Test
    void aHandoffNoteWrittenAfterTheCustomersWordsGivesTheListItsGoal() {
        String conversation = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), freshNumber(),
                "hello?");
        Inbound.awaitDecided(memory, conversation);
        memory.recordNote(conversation, new ConversationMemory.Draft(io.switchboard.conversation.Author.SYSTEM, "Switchboard",
                null, null, "Handoff note\nGoal: Replace the heater that broke on Monday (intent: repair)\nSummary: -",
                null, true, Map.of("kind", "handoff")));
        assertThat(InboxViews.preview(memory.require(conversation))).isEqualTo("Replace the heater that broke on Monday");
        assertThat(conversations(search(AgentApi.asSupervisor(port), "heater monday")))
                .as("the note's facts are found too").contains(conversation);
    }

    private static List<String> ids(JsonNode list) {
        var ids = new ArrayList<String>();
        list.forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    @Autowired
    SearchIndex index;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Autowired
    com.hazelcast.core.HazelcastInstance hazelcast;

    @Test
    void aConversationRemovedFromTheMemoryIsNoLongerFound() {
        String word = "removed" + UUID.randomUUID().toString().substring(0, 6);
        String conversation = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), freshNumber(),
                "Please forget my " + word);
        Inbound.awaitDecided(memory, conversation);
        var supervisor = AgentApi.asSupervisor(port);
        assertThat(conversations(search(supervisor, word))).containsExactly(conversation);

        // as erasure and retention remove a conversation: through the cluster's map to the database
        hazelcast.getMap("conversations").delete(conversation);
        assertThat(conversations(search(supervisor, word))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from search_term where conversation_id = ?", Long.class,
                conversation)).isZero();
    }

    @Test
    void turnsStoredBeforeTheIndexExistedAreIndexedOnce() {
        String word = "earlier" + UUID.randomUUID().toString().substring(0, 6);
        String conversation = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), freshNumber(),
                "A question from before the upgrade: " + word);
        var supervisor = AgentApi.asSupervisor(port);
        // as a database from before the index: the turn stored, no term of it, nothing indexed yet
        jdbc.update("delete from search_term where conversation_id = ?", conversation);
        jdbc.update("delete from kv_entry where map_name = 'search-index'");
        assertThat(conversations(search(supervisor, word))).isEmpty();

        assertThat(index.backfill()).isPositive();
        assertThat(conversations(search(supervisor, word))).containsExactly(conversation);
        assertThat(index.backfill()).as("once").isZero();
    }

    private static JsonNode search(AgentApi api, String q) {
        var answer = api.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> conversations(JsonNode page) {
        var ids = new ArrayList<String>();
        page.path("hits").forEach(hit -> ids.add(hit.path("conversationId").asText()));
        return ids;
    }

    private static List<String> marked(JsonNode snippet) {
        var marked = new ArrayList<String>();
        String text = snippet.path("text").asText();
        snippet.path("highlights").forEach(h -> marked.add(text.substring(h.path("start").asInt(), h.path("end").asInt())));
        return marked;
    }

    private static String freshNumber() {
        return "+1202555" + String.format("%04d", (int) (Math.random() * 10_000));
    }
}
