package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.Inbound;
import io.switchboard.support.PostgresTest;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Search on PostgreSQL with two members of one cluster: a message taken in by one is found, with the
 * same answer, through either within a second.
 */
@PostgresTest
class SearchPostgresTest {

    final String schema = PostgresTest.Schemas.fresh();

    @AfterEach
    void dropSchema() throws Exception {
        PostgresTest.Schemas.drop(schema);
    }

    @Test
    void aMessageTakenInByOneMemberIsFoundAlikeThroughBothWithinASecond() {
        int portA = Gateways.freePort();
        int portB = Gateways.freePort();
        try (ConfigurableApplicationContext first = member(portA, portA, portB);
             ConfigurableApplicationContext second = member(portB, portA, portB)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    first.getBean(HazelcastInstance.class).getCluster().getMembers().size() == 2);
            var viaFirst = new AgentApi(Gateways.httpPort(first), "ops", "ops-password");
            var viaSecond = new AgentApi(Gateways.httpPort(second), "ops", "ops-password");
            String order = "P" + (100_000 + (int) (Math.random() * 899_999));

            String conversation = new Inbound(first.getBean(ProducerTemplate.class)).record("sms",
                    "SM" + UUID.randomUUID(), "+14155550" + (100 + (int) (Math.random() * 899)),
                    "Order " + order + " arrived without the charger");
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                    viaSecond.get("/api/v1/search?q=" + order).json().path("hits").size() == 1);
            JsonNode fromSecond = viaSecond.get("/api/v1/search?q=charger%20" + order).json();
            JsonNode fromFirst = viaFirst.get("/api/v1/search?q=charger%20" + order).json();
            assertThat(fromSecond.path("hits").get(0).path("conversationId").asText()).isEqualTo(conversation);
            assertThat(fromFirst).isEqualTo(fromSecond);

            // an agent's search reads their queues and their own conversations as parts, merged
            ConversationMemory memory = first.getBean(ConversationMemory.class);
            ConversationSearch search = second.getBean(ConversationSearch.class);
            String queue = await().atMost(Duration.ofSeconds(10)).until(() -> memory.require(conversation).queue(),
                    Objects::nonNull);
            var query = new ConversationSearch.Query("charger " + order, null, null, null, null, false, null, null,
                    20, null);
            var ofTheQueue = new InboxAccess.Viewer("pat", false, false, Set.of(queue, "other"), true);
            var ofAnother = new InboxAccess.Viewer("pat", false, false, Set.of("other"), true);
            assertThat(search.search(query, ofTheQueue).hits()).extracting(ConversationSearch.Hit::conversationId)
                    .containsExactly(conversation);
            assertThat(search.search(query, ofAnother).hits()).isEmpty();
            memory.assign(conversation, "pat", "test");
            assertThat(search.search(query, ofAnother).hits()).extracting(ConversationSearch.Hit::conversationId)
                    .as("theirs, in another queue").containsExactly(conversation);
            assertThat(search.search(query, ofTheQueue).hits()).as("in their queue and theirs: once").hasSize(1);
        }
    }

    private ConfigurableApplicationContext member(int port, int portA, int portB) {
        return Gateways.postgresMember(schema, port, portA, portB, "agent,supervisor");
    }
}
