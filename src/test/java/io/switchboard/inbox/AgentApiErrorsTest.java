package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AgentApiErrorsTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Test
    void malformedJsonIsABadRequestWithAProblemDetail() {
        String conversation = new Inbound(producer).record("email", "<bad-" + UUID.randomUUID() + ">",
                "bad-json@example.com", "hello");
        var response = AgentApi.asAgent(port).post("/api/v1/conversations/" + conversation + "/replies", "{\"text\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("status").asInt()).isEqualTo(400);
        assertThat(response.json().path("title").asText()).isNotBlank();
        assertThat(AgentApi.asAgent(port).get("/api/v1/conversations/" + conversation).json().path("turns"))
                .as("nothing was recorded").hasSize(1);
    }

    @Test
    void aBlankReplyIsRefused() {
        String conversation = new Inbound(producer).record("email", "<blank-" + UUID.randomUUID() + ">",
                "blank@example.com", "hello");
        var response = AgentApi.asAgent(port).post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "  "));
        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void anUnknownConversationIsNotFound() {
        var response = AgentApi.asAgent(port).get("/api/v1/conversations/does-not-exist");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("detail").asText()).contains("does-not-exist");
        assertThat(AgentApi.asAgent(port).post("/api/v1/conversations/does-not-exist/replies",
                AgentApi.json("text", "hi")).status()).isEqualTo(404);
    }

    @Test
    void anUnknownStatusIsABadRequest() {
        var response = AgentApi.asAgent(port).get("/api/v1/conversations?status=sleeping");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asText()).contains("unknown status");
    }

    @Test
    void resolvingTwiceIsAConflict() {
        String conversation = new Inbound(producer).record("email", "<twice-" + UUID.randomUUID() + ">",
                "twice@example.com", "hello");
        var api = AgentApi.asAgent(port);
        assertThat(api.post("/api/v1/conversations/" + conversation + "/resolve", "").status()).isEqualTo(200);
        var again = api.post("/api/v1/conversations/" + conversation + "/resolve", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asText()).contains("resolved");
    }

    @Test
    void theApiNeedsAUserAndARightPassword() throws Exception {
        var anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/conversations")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new AgentApi(port, "agent", "wrong").get("/api/v1/conversations").status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDescriptionIsPublished() {
        var docs = AgentApi.asAgent(port).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("paths").has("/api/v1/conversations/{id}/replies")).isTrue();
        assertThat(docs.json().path("paths").has("/api/v1/customers/{id}/merge")).isTrue();
    }

    @Test
    void pagesCarryAContentSecurityPolicy() throws Exception {
        var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/chat/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }
}
