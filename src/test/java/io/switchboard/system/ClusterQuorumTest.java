package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.switchboard.support.Gateways;
import io.switchboard.support.Inbound;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A member cut off from the cluster's majority records nothing: it is not ready, a request that would
 * write is answered 503 with Retry-After, and the pipeline's writes are refused by Hazelcast itself;
 * once a majority forms again, the same member records the provider's retry. A member starting alone
 * waits for the quorum before it loads anything.
 */
class ClusterQuorumTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void aMemberLeftWithoutAMajorityRefusesWritesUntilOneFormsAgain() throws Exception {
        String cluster = "quorum-" + UUID.randomUUID();
        String database = "jdbc:h2:mem:quorum-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        int portA = Gateways.freePort();
        int portB = Gateways.freePort();
        String[] common = {"spring.datasource.url=" + database, "switchboard.cluster.name=" + cluster,
                "switchboard.cluster.members=127.0.0.1:" + portA + ",127.0.0.1:" + portB,
                "switchboard.cluster.quorum=2"};
        // the first member waits for the second before it loads anything
        var starting = CompletableFuture.supplyAsync(() -> Gateways.start(with(common, "switchboard.cluster.port=" + portA)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !starting.isDone());
        second = Gateways.start(with(common, "switchboard.cluster.port=" + portB));
        first = starting.get(60, TimeUnit.SECONDS);
        int port = Gateways.httpPort(first);
        String sender = "+1555" + (1_000_000 + (int) (Math.random() * 8_000_000));
        var inbound = new Inbound(first.getBean(ProducerTemplate.class));
        String conversation = inbound.record("sms", "SM-before-" + sender, sender, "first");
        assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);

        second.close();
        second = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/actuator/health/readiness").statusCode() == 503);
        assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = post(port, "/api/v1/conversations/any/replies");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");
        assertThat(get(port, "/chat/").statusCode()).as("reads are served").isEqualTo(200);
        var cutOff = inbound.send("sms", "SM-alone-" + sender, sender, "second");
        assertThat(cutOff.getException()).as("recorded on a minority").isNotNull();
        assertThat(cutOff.getException()).isInstanceOf(SplitBrainProtectionException.class);

        second = Gateways.start(with(common, "switchboard.cluster.port=" + portB));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/actuator/health/readiness").statusCode() == 200);
        assertThat(post(port, "/api/v1/conversations/any/replies").statusCode()).as("on to security").isEqualTo(401);
        assertThat(inbound.record("sms", "SM-alone-" + sender, sender, "second")).as("the provider's retry")
                .isEqualTo(conversation);
    }

    private static String[] with(String[] common, String more) {
        String[] all = java.util.Arrays.copyOf(common, common.length + 1);
        all[common.length] = more;
        return all;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
