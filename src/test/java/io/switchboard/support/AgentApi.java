package io.switchboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The agent REST API over real HTTP with basic authentication, as curl would call it. */
public final class AgentApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    public AgentApi(int port, String user, String password) {
        this(port, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private AgentApi(int port, String authorization) {
        this.base = "http://localhost:" + port;
        this.authorization = authorization;
    }

    /** The API as an integration calls it, with a bearer API token. */
    public static AgentApi withToken(int port, String token) {
        return new AgentApi(port, "Bearer " + token);
    }

    public static AgentApi asSupervisor(int port) {
        return new AgentApi(port, "supervisor", "supervisor");
    }

    public static AgentApi asAdmin(int port) {
        return new AgentApi(port, "admin", "admin");
    }

    public static AgentApi asAgent(int port) {
        return new AgentApi(port, "agent", "agent");
    }

    /** A response: status and body (JSON when there is one). */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A GET of something that is not JSON (metrics, a download). */
    public Response getAccepting(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET());
    }

    public Response post(String path, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public Response postAs(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** The current conversation of the customer who owns {@code address} ({@code channel:value}). */
    public String currentConversationOf(String address) {
        Response found = get("/api/v1/customers?address=" + java.net.URLEncoder.encode(address, StandardCharsets.UTF_8));
        if (found.status() != 200) {
            throw new AssertionError("no customer for " + address + ": " + found.status());
        }
        return found.json().path("customer").path("currentConversationId").asText();
    }

    /** Body built from key/value pairs, values quoted as JSON strings. */
    public static String json(String... keyValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return node.toString();
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.header("Authorization", authorization).build();
            if (built.headers().firstValue("Accept").isEmpty()) {
                built = HttpRequest.newBuilder(built, (name, value) -> true).header("Accept", "application/json").build();
            }
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
