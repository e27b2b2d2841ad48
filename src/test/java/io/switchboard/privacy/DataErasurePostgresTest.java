package io.switchboard.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.notification.NotificationBatches;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.Inbound;
import io.switchboard.support.PostgresTest;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Erasure on PostgreSQL with two members: no row of any table holds the customer's number or words
 * afterwards, and the surviving member, holding what were the other's backups, has none of it in
 * memory either.
 */
@PostgresTest
class DataErasurePostgresTest {

    final String schema = PostgresTest.Schemas.fresh();

    @AfterEach
    void dropSchema() throws Exception {
        PostgresTest.Schemas.drop(schema);
    }

    @Test
    void anErasureThroughOneMemberLeavesNoRowAndNoBackupBehind() throws Exception {
        int portA = Gateways.freePort();
        int portB = Gateways.freePort();
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String phone = "+14155551" + (100 + (int) (Math.random() * 899));
        List<String> traces = List.of(phone, marker + "-first", marker + "-second");
        ConfigurableApplicationContext first = member(portA, portA, portB);
        try (ConfigurableApplicationContext second = member(portB, portA, portB)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    first.getBean(HazelcastInstance.class).getCluster().getMembers().size() == 2);
            var inbound = new Inbound(first.getBean(ProducerTemplate.class));
            String conversation = inbound.record("sms", "SM" + UUID.randomUUID(), phone,
                    "The boiler " + marker + "-first is leaking");
            inbound.record("sms", "SM" + UUID.randomUUID(), phone, "Still leaking, " + marker + "-second");
            String customerId = first.getBean(ConversationMemory.class).require(conversation).customerId();

            assertThat(second.getBean(RetentionPurge.class).run()).as("its statements run on PostgreSQL")
                    .containsKeys("conversations", "outbound-messages", "mails", "mail-originals", "audit-events",
                            "identity-links");
            assertThat(second.getBean(NotificationBatches.class).work()).as("its statements run on PostgreSQL").isZero();
            HazelcastInstance survivor = second.getBean(HazelcastInstance.class);
            assertThat(rowsWith(traces)).contains(phone, marker + "-first", marker + "-second");
            assertThat(inMaps(survivor, traces)).contains(phone, marker + "-first");

            var privacy = new AgentApi(Gateways.httpPort(second), "ops", "ops-password");
            var erased = privacy.post("/api/v1/customers/" + customerId + "/erase",
                    AgentApi.json("reason", "the customer asked"));
            assertThat(erased.status()).as(erased.body()).isEqualTo(200);
            assertThat(erased.json().path("compaction").asText()).isEqualTo("NOT_NEEDED");

            assertThat(rowsWith(traces)).as("rows of any table").isEmpty();
            first.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> survivor.getCluster().getMembers().size() == 1);
            assertThat(inMaps(survivor, traces)).as("the survivor's maps, the other's backups promoted").isEmpty();
            assertThat(privacy.get("/api/v1/customers/" + customerId + "/export").status()).isEqualTo(404);
        } finally {
            first.close();
        }
    }

    /** The traces found in any row of any table of the schema. */
    private List<String> rowsWith(List<String> traces) throws Exception {
        var found = new ArrayList<String>();
        try (var connection = DriverManager.getConnection(PostgresTest.URL, PostgresTest.USER, "")) {
            var tables = new ArrayList<String>();
            try (var statement = connection.prepareStatement(
                    "select table_name from information_schema.tables where table_schema = ?")) {
                statement.setString(1, schema);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
            }
            assertThat(tables).contains("turn", "customer", "search_term", "kv_entry");
            for (String trace : traces) {
                for (String table : tables) {
                    try (var statement = connection.prepareStatement(
                            "select count(*) from " + schema + "." + table + " t where t::text like ?")) {
                        statement.setString(1, "%" + trace + "%");
                        try (var rows = statement.executeQuery()) {
                            rows.next();
                            if (rows.getLong(1) > 0 && !found.contains(trace)) {
                                found.add(trace);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<String> inMaps(HazelcastInstance hazelcast, List<String> traces) {
        var all = new StringBuilder();
        for (DistributedObject object : hazelcast.getDistributedObjects()) {
            if (object instanceof IMap<?, ?> map) {
                map.entrySet().forEach(e -> all.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
            }
        }
        return traces.stream().filter(all.toString()::contains).toList();
    }

    private ConfigurableApplicationContext member(int port, int portA, int portB) {
        return Gateways.postgresMember(schema, port, portA, portB, "agent,supervisor,privacy");
    }
}
