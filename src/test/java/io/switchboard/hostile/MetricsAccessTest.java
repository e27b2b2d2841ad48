package io.switchboard.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.AgentApi;
import io.switchboard.support.HostileInput;
import io.switchboard.support.InboxTeam;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The metrics endpoint, exported as in a real run: for the monitoring and admin roles only. */
@Tag("hostile-input")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ActiveProfiles("test")
class MetricsAccessTest {

    final HostileInput cases = HostileInput.on("api");

    @LocalServerPort
    int port;

    @Test
    void metricsNeedTheMonitoringRoleAndThatRoleReachesNothingElse() {
        var admin = AgentApi.asAdmin(port);
        String scraper = "scraper-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/api/v1/users", InboxTeam.write(Map.of("username", scraper, "password",
                "scraper-password-1", "roles", List.of("monitoring")))).status()).isEqualTo(201);
        var monitoring = new AgentApi(port, scraper, "scraper-password-1");
        var scraped = monitoring.getAccepting("/actuator/prometheus", "text/plain");
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("switchboard");
        assertThat(admin.getAccepting("/actuator/prometheus", "text/plain").status()).isEqualTo(200);
        cases.refused("the metrics without credentials", new AgentApi(port, "nobody", "nothing-at-all")
                .getAccepting("/actuator/prometheus", "text/plain").status() == 401, () -> false);
        cases.refused("an agent reading the metrics", AgentApi.asAgent(port).getAccepting("/actuator/prometheus", "text/plain")
                .status() == 403,
                () -> false);
        cases.refused("the monitoring role reading conversations", monitoring.get("/api/v1/conversations").status() == 403,
                () -> false);
    }
}
