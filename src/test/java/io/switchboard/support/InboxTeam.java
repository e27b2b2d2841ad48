package io.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A queue and agents of its own, made through the admin API, so a test never touches another
 * test's conversations (agents of the shared default queue stay offline).
 */
public final class InboxTeam {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final AgentApi admin;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    public InboxTeam(int port) {
        this.port = port;
        this.admin = AgentApi.asAdmin(port);
    }

    /** A new queue named {@code name-<suffix>}, 24/7, with the given SLA (ISO-8601, e.g. PT10M). */
    public String queue(String name, String sla) {
        String queue = name + "-" + suffix;
        var response = admin.put("/api/v1/queues/" + queue, write(Map.of("displayName", name, "sla", sla)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return queue;
    }

    /** A new user {@code name-<suffix>} with the agent role in these queues; capacity on every channel. */
    public String agent(String name, int capacity, String... queues) {
        String username = name + "-" + suffix;
        var created = admin.post("/api/v1/users", write(Map.of("username", username, "password", password(username),
                "roles", List.of("agent"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var profile = admin.put("/api/v1/agents/" + username, write(Map.of("displayName", name, "queues", List.of(queues),
                "capacity", Map.of("default", capacity))));
        assertThat(profile.status()).as(profile.body()).isEqualTo(200);
        return username;
    }

    public AgentApi as(String username) {
        return new AgentApi(port, username, password(username));
    }

    public static String password(String username) {
        return username + "-secret";
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
