package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.support.AgentApi;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.Inbound;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Roles, queues as the limit of what an agent sees, the page's session and CSRF, API tokens. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class AccessControlTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConversationMemory memory;

    @Autowired
    JdbcTemplate jdbc;

    String conversationIn(String queue) {
        String from = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        String c = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(), from, "My card was charged twice");
        Inbound.awaitDecided(memory, c);
        memory.queue(c, queue, new Decision(Instant.now(), "human-queue", queue, "test routing", Map.of()));
        return c;
    }

    @Test
    void anAgentSeesOnlyTheirQueuesAndIsRefusedOtherConversationsWithALogLine(CapturedOutput output) {
        var team = new InboxTeam(port);
        String billing = team.queue("billing", "PT10M");
        String sales = team.queue("sales", "PT10M");
        String ann = team.agent("ann", 3, billing);
        String bob = team.agent("bob", 3, sales);
        String c = conversationIn(billing);
        String customer = AgentApi.asSupervisor(port).get("/api/v1/conversations/" + c).json().path("customerId").asText();

        assertThat(team.as(ann).get("/api/v1/conversations/" + c).status()).isEqualTo(200);
        var refused = team.as(bob).get("/api/v1/conversations/" + c);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asText()).contains("not in your queues");
        assertThat(output.getOut()).contains("access refused: " + bob + " may not open conversation " + c);
        assertThat(team.as(bob).post("/api/v1/conversations/" + c + "/replies", AgentApi.json("text", "hi")).status())
                .isEqualTo(403);
        assertThat(team.as(bob).get("/api/v1/customers/" + customer).status()).isEqualTo(403);
        assertThat(team.as(ann).get("/api/v1/customers/" + customer).status()).isEqualTo(200);

        assertThat(ids(team.as(ann).get("/api/v1/conversations?status=queued&limit=500").json())).contains(c);
        assertThat(ids(team.as(bob).get("/api/v1/conversations?status=queued&limit=500").json())).doesNotContain(c);
        assertThat(team.as(bob).get("/api/v1/inbox").json().path("queues"))
                .extracting(q -> q.path("name").asText()).containsExactly(sales);
        JsonNode annQueues = team.as(ann).get("/api/v1/inbox").json().path("queues");
        assertThat(annQueues).extracting(q -> q.path("name").asText()).containsExactly(billing);
        assertThat(ids(annQueues.get(0).path("items"))).containsExactly(c);
        assertThat(team.as(bob).get("/api/v1/queues/" + billing).status()).isEqualTo(403);
        assertThat(AgentApi.asSupervisor(port).get("/api/v1/conversations/" + c).status()).isEqualTo(200);
    }

    @Test
    void onlyAdminsManageUsersQueuesAndTokensAndEveryChangeIsAudited() {
        var team = new InboxTeam(port);
        String queue = team.queue("admin", "PT5M");
        String ann = team.agent("ann", 2, queue);
        var annApi = team.as(ann);
        assertThat(annApi.post("/api/v1/users", InboxTeam.write(Map.of("username", "mallory", "password", "0123456789ab",
                "roles", List.of("admin")))).status()).isEqualTo(403);
        assertThat(annApi.put("/api/v1/queues/" + queue, "{\"sla\":\"PT1M\"}").status()).isEqualTo(403);
        assertThat(annApi.get("/api/v1/tokens").status()).isEqualTo(403);
        assertThat(annApi.get("/api/v1/kpis").status()).isEqualTo(403);
        assertThat(annApi.put("/api/v1/agents/" + ann, "{\"queues\":[\"default\"]}").status()).isEqualTo(403);

        var admin = AgentApi.asAdmin(port);
        var promoted = admin.put("/api/v1/users/" + ann + "/roles", "{\"roles\":[\"agent\",\"supervisor\"]}");
        assertThat(promoted.json().path("roles")).extracting(JsonNode::asText).containsExactly("agent", "supervisor");
        assertThat(annApi.get("/api/v1/kpis").status()).as("roles apply at the next request").isEqualTo(200);
        JsonNode audit = AgentApi.asSupervisor(port).get("/api/v1/audit?subjectType=user&subjectId=" + ann).json();
        assertThat(audit).extracting(e -> e.path("action").asText() + " by " + e.path("actor").asText())
                .containsExactly("user.roles-changed by admin", "user.created by admin");
        assertThat(audit.get(0).path("detail").path("to").asText()).isEqualTo("agent,supervisor");

        assertThat(admin.put("/api/v1/users/" + ann + "/enabled", "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(annApi.get("/api/v1/agents/me").status()).as("a disabled user cannot sign in").isEqualTo(401);
        assertThat(admin.put("/api/v1/users/agent/roles", "{\"roles\":[\"admin\"]}").status())
                .as("configured users are changed in configuration").isEqualTo(409);
        assertThat(admin.post("/api/v1/users", AgentApi.json("username", "x-" + UUID.randomUUID(), "password", "short"))
                .status()).isEqualTo(400);
    }

    @Test
    void apiTokensAreHashedAtRestActAsTheirUserAndStopWorkingWhenRevoked() {
        var team = new InboxTeam(port);
        String ann = team.agent("ann", 2, team.queue("tokens", "PT5M"));
        var admin = AgentApi.asAdmin(port);
        var issued = admin.post("/api/v1/tokens", AgentApi.json("owner", ann, "name", "CRM sync"));
        assertThat(issued.status()).isEqualTo(201);
        String secret = issued.json().path("secret").asText();
        String id = issued.json().path("token").path("id").asText();
        assertThat(secret).startsWith("sbt_").hasSizeGreaterThan(40);

        assertThat(jdbc.queryForObject("select count(*) from api_token where token_hash = ? or name like ?",
                Integer.class, secret, "%" + secret + "%")).as("the secret itself is never stored").isZero();
        assertThat(jdbc.queryForObject("select token_hash from api_token where id = ?", String.class, id))
                .hasSize(64).isNotEqualTo(secret);
        assertThat(admin.get("/api/v1/tokens").body()).doesNotContain(secret);

        var bearer = AgentApi.withToken(port, secret);
        assertThat(bearer.get("/api/v1/agents/me").json().path("username").asText()).isEqualTo(ann);
        assertThat(bearer.get("/api/v1/users").status()).as("the token has its user's roles, no more").isEqualTo(403);
        assertThat(AgentApi.withToken(port, "sbt_not-a-token").get("/api/v1/agents/me").status()).isEqualTo(401);

        assertThat(admin.delete("/api/v1/tokens/" + id).json().path("revokedBy").asText()).isEqualTo("admin");
        assertThat(bearer.get("/api/v1/agents/me").status()).isEqualTo(401);
        assertThat(AgentApi.asSupervisor(port).get("/api/v1/audit?subjectType=token&subjectId=" + id).json())
                .extracting(e -> e.path("action").asText()).containsExactly("token.revoked", "token.issued");
    }

    @Test
    void thePageSignsInWithAFormAndEveryChangeFromItNeedsTheCsrfToken() throws Exception {
        var cookies = new CookieManager();
        var http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://localhost:" + port;

        var page = http.send(HttpRequest.newBuilder(URI.create(base + "/inbox/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).get().asString().endsWith("/inbox/login");
        var login = http.send(HttpRequest.newBuilder(URI.create(base + "/inbox/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");

        var anonymousXhr = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                .header("X-Requested-With", "XMLHttpRequest").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousXhr.statusCode()).isEqualTo(401);
        assertThat(anonymousXhr.headers().firstValue("WWW-Authenticate")).as("no browser password dialog").isEmpty();

        JsonNode options = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/inbox/login-options")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        var withoutToken = http.send(form(base + "/inbox/login", Map.of("username", "agent", "password", "agent")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).as("a login form without the CSRF token is refused").isEqualTo(403);
        var wrong = http.send(form(base + "/inbox/login", Map.of("username", "agent", "password", "nope",
                options.path("parameterName").asText(), options.path("token").asText())), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.headers().firstValue("Location")).get().asString().endsWith("/inbox/login?error");
        options = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/inbox/login-options")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        var signedIn = http.send(form(base + "/inbox/login", Map.of("username", "agent", "password", "agent",
                options.path("parameterName").asText(), options.path("token").asText())), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).get().asString().endsWith("/inbox/");

        JsonNode session = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                .header("X-Requested-With", "XMLHttpRequest").build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(session.path("username").asText()).isEqualTo("agent");
        assertThat(session.path("roles")).extracting(JsonNode::asText).containsExactly("agent");

        var forged = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents/me/presence"))
                .header("Content-Type", "application/json").header("X-Requested-With", "XMLHttpRequest")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"presence\":\"away\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("a change from the session without the CSRF token").isEqualTo(403);
        var genuine = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents/me/presence"))
                .header("Content-Type", "application/json").header("X-Requested-With", "XMLHttpRequest")
                .header(session.path("csrfHeader").asText(), session.path("csrfToken").asText())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"presence\":\"away\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(genuine.statusCode()).isEqualTo(200);
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents/me/presence"))
                .header("Content-Type", "application/json").header("X-Requested-With", "XMLHttpRequest")
                .header(session.path("csrfHeader").asText(), session.path("csrfToken").asText())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"presence\":\"offline\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest form(String url, Map<String, String> fields) {
        String body = String.join("&", fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList());
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static List<String> ids(JsonNode items) {
        return items.findValuesAsText("id");
    }
}
