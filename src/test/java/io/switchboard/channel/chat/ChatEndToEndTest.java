package io.switchboard.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.conversation.Conversation;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ChatEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    HazelcastInstance hazelcast;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void visitorChatsAgentSeesItAndRepliesLiveAndTheVisitorResumesWithTheirToken() {
        String token;
        String conversationId;
        try (var visitor = ChatClient.connect(port)) {
            JsonNode welcome = visitor.hello(null);
            token = welcome.path("token").asText();
            String visitorId = welcome.path("visitor").asText();
            assertThat(token).startsWith("v1.");
            assertThat(welcome.path("history")).isEmpty();

            JsonNode ack = visitor.say("m-1", "My kettle arrived broken, order 4411");
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            assertThat(ack.path("seq").asLong()).isEqualTo(1);

            var api = AgentApi.asAgent(port);
            conversationId = api.currentConversationOf("chat:" + visitorId);
            JsonNode queued = api.get("/api/v1/conversations?status=queued").json();
            assertThat(queued).extracting(c -> c.path("id").asText()).contains(conversationId);

            Conversation inMemory = hazelcast.<String, Conversation>getMap("conversations").get(conversationId);
            assertThat(inMemory.turns()).extracting(t -> t.text()).containsExactly("My kettle arrived broken, order 4411");
            assertThat(jdbc.queryForObject("select count(*) from turn where conversation_id = ?", Integer.class,
                    conversationId)).isEqualTo(1);

            JsonNode detail = api.get("/api/v1/conversations/" + conversationId).json();
            assertThat(detail.path("status").asText()).isEqualTo("queued");
            assertThat(detail.path("decisions").get(0).path("reason").asText()).contains("person answers");
            assertThat(detail.path("turns").get(0).path("channel").asText()).isEqualTo("chat");
            assertThat(detail.path("turns").get(0).path("author").asText()).isEqualTo("customer");

            var reply = api.post("/api/v1/conversations/" + conversationId + "/replies",
                    AgentApi.json("text", "Sorry to hear that! A new kettle is on its way."));
            assertThat(reply.status()).isEqualTo(202);
            assertThat(reply.json().path("channel").asText()).isEqualTo("chat");

            JsonNode live = visitor.next("message");
            assertThat(live.path("turn").path("text").asText()).isEqualTo("Sorry to hear that! A new kettle is on its way.");
            assertThat(live.path("turn").path("author").asText()).isEqualTo("agent");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(api
                    .get("/api/v1/conversations/" + conversationId).json().path("turns").get(1)
                    .path("delivery").path("status").asText()).isEqualTo("delivered"));
            assertThat(api.get("/api/v1/conversations/" + conversationId).json().path("status").asText())
                    .isEqualTo("waiting-for-customer");
        }

        try (var returning = ChatClient.connect(port)) {
            JsonNode welcome = returning.hello(token);
            assertThat(welcome.path("history")).extracting(t -> t.path("text").asText()).containsExactly(
                    "My kettle arrived broken, order 4411", "Sorry to hear that! A new kettle is on its way.");
            JsonNode ack = returning.say("m-2", "Thanks!");
            assertThat(ack.path("seq").asLong()).isEqualTo(3);
        }
        assertThat(AgentApi.asAgent(port).get("/api/v1/conversations/" + conversationId).json().path("turns"))
                .hasSize(3);
    }
}
