package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.Gateways;
import io.switchboard.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The postgres profile: same migrations, same behaviour, nothing lost across a restart. */
@PostgresTest
class PostgresProfileTest {

    final String schema = PostgresTest.Schemas.fresh();

    String[] settings() {
        return new String[] {
                "spring.datasource.url=" + PostgresTest.URL + "?currentSchema=" + schema,
                "spring.datasource.username=" + PostgresTest.USER,
                "spring.flyway.schemas=" + schema,
                "switchboard.cluster.name=pg-" + schema,
                // the profile names no mail server: the test's own embedded one (its login is the support address)
                "switchboard.email.embedded-server.enabled=true", "switchboard.email.imap.ssl=false",
                "switchboard.email.smtp.starttls=false",
                "switchboard.security.users[0].username=ops",
                "switchboard.security.users[0].password=" + PostgresTest.OPS_PASSWORD,
                "switchboard.security.users[0].roles=agent"};
    }

    @AfterEach
    void dropSchema() throws Exception {
        PostgresTest.Schemas.drop(schema);
    }

    @Test
    void conversationsCustomersAndLinksSurviveARestartOnPostgres() {
        String token;
        String conversation;
        String customer;
        ConfigurableApplicationContext before = Gateways.startWithProfiles(new String[] {"test", "postgres"}, settings());
        try (var visitor = ChatClient.connect(Gateways.httpPort(before))) {
            var welcome = visitor.hello(null);
            token = welcome.path("token").asText();
            visitor.say("pg-1", "Hello from PostgreSQL");
            var api = new AgentApi(Gateways.httpPort(before), "ops", "ops-password");
            conversation = api.currentConversationOf("chat:" + welcome.path("visitor").asText());
            customer = api.get("/api/v1/conversations/" + conversation).json().path("customerId").asText();
            assertThat(api.post("/api/v1/conversations/" + conversation + "/replies",
                    AgentApi.json("text", "Hello back")).status()).isEqualTo(202);
            visitor.next("message");
            assertThat(api.post("/api/v1/customers/" + customer + "/addresses",
                    AgentApi.json("address", "sms:+1 (415) 555-0123")).status()).isEqualTo(201);
        } finally {
            before.close();
        }

        ConfigurableApplicationContext after = Gateways.startWithProfiles(new String[] {"test", "postgres"}, settings());
        try (var visitor = ChatClient.connect(Gateways.httpPort(after))) {
            var api = new AgentApi(Gateways.httpPort(after), "ops", "ops-password");
            JsonNode restored = api.get("/api/v1/conversations/" + conversation).json();
            assertThat(restored.path("turns")).extracting(t -> t.path("text").asText())
                    .containsExactly("Hello from PostgreSQL", "Hello back");
            assertThat(api.get("/api/v1/customers?address=sms:%2B14155550123").json().path("customer").path("id").asText())
                    .isEqualTo(customer);
            assertThat(visitor.hello(token).path("history")).hasSize(2);
            visitor.say("pg-1", "Hello from PostgreSQL");
            assertThat(visitor.say("pg-2", "Still there?").path("seq").asLong()).isEqualTo(3);
        } finally {
            after.close();
        }
    }

    @Test
    void aProductionProfileRefusesToStartWithoutItsOwnUsers() {
        assertThatThrownBy(() -> Gateways.startWithProfiles(new String[] {"test", "postgres"},
                "spring.datasource.url=" + PostgresTest.URL + "?currentSchema=" + schema,
                "spring.datasource.username=" + PostgresTest.USER, "spring.flyway.schemas=" + schema))
                .hasStackTraceContaining("No users are configured");
    }
}
