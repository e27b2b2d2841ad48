package io.switchboard.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Decision;
import io.switchboard.support.AgentApi;
import io.switchboard.support.HostileInput;
import io.switchboard.support.Inbound;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.MailClient;
import io.switchboard.support.PageSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/**
 * An attacker with an agent's account, or none, against the agent API over HTTP. The
 * operations come from the gateway's own OpenAPI description, so an endpoint added later is
 * covered without a new test; one with a path parameter this test cannot fill fails it.
 */
@Tag("hostile-input")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiHostileInputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    final HostileInput cases = HostileInput.on("api");
    final HttpClient http = HttpClient.newHttpClient();
    String adminToken;

    @LocalServerPort
    int port;

    @Autowired
    ConversationMemory memory;

    @Autowired
    org.apache.camel.ProducerTemplate producer;

    @Autowired
    Environment environment;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** A conversation in one agent's queue, with a mail, a draft and a customer, and another agent who may not see it. */
    record World(String annQueue, String bobQueue, String ann, String bob, String conversation, String customer,
                 String customerAddress, String mail, long draft, String token, String bobsCustomer,
                 String notification, String batch, String audit) {
    }

    World world() {
        var team = new InboxTeam(port);
        String annQueue = team.queue("hostile-a", "PT10M");
        String bobQueue = team.queue("hostile-b", "PT10M");
        String ann = team.agent("ann", 5, annQueue);
        String bob = team.agent("bob", 5, bobQueue);
        var supervisor = AgentApi.asSupervisor(port);

        String from = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        var mail = MailClient.of(environment);
        mail.send(mail.compose(from, environment.getRequiredProperty("switchboard.email.address"), "Invoice",
                "My invoice, please.", "<p>My <b>invoice</b>, please.</p>", "invoice.pdf", new byte[] {1, 2, 3}));
        String conversation = await().atMost(Duration.ofSeconds(20)).until(() -> {
            var found = supervisor.get("/api/v1/customers?address=email:" + from);
            return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
        }, id -> id != null);
        Inbound.awaitDecided(memory, conversation);
        memory.queue(conversation, annQueue, new Decision(Instant.now(), "human-queue", annQueue, "test routing", Map.of()));
        JsonNode detail = supervisor.get("/api/v1/conversations/" + conversation).json();
        String original = detail.path("turns").get(0).path("metadata").path("original").asText();
        assertThat(original).startsWith("/api/v1/email/messages/");
        long draft = supervisor.post("/api/v1/conversations/" + conversation + "/drafts",
                AgentApi.json("text", "A suggestion")).json().path("seq").asLong();
        String token = AgentApi.asAdmin(port).post("/api/v1/tokens", AgentApi.json("owner", ann, "name", "crm"))
                .json().path("token").path("id").asText();

        String bobsConversation = new Inbound(producer).record("sms", "SM" + UUID.randomUUID(),
                "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999)), "A question for bob's queue");
        Inbound.awaitDecided(memory, bobsConversation);
        memory.queue(bobsConversation, bobQueue, new Decision(Instant.now(), "human-queue", bobQueue, "test", Map.of()));
        // a notification and a batch to name by id; marketing, which nobody here consented to, so neither
        // sends anything, now or later, that would change what the snapshots compare
        String notification = AgentApi.asAdmin(port).post("/api/v1/notifications", InboxTeam.write(Map.of(
                "customerId", detail.path("customerId").asText(), "template", "appointment-moved", "purpose", "marketing",
                "variables", Map.of("when", "Monday"), "idempotencyKey", UUID.randomUUID().toString())))
                .json().path("id").asText();
        String batch = AgentApi.asAdmin(port).post("/api/v1/notifications/batches", InboxTeam.write(Map.of(
                "template", "appointment-moved", "purpose", "marketing", "items", List.of(Map.of("customerId",
                        detail.path("customerId").asText(), "idempotencyKey", UUID.randomUUID().toString(),
                        "variables", Map.of("when", "Monday"))))))
                .json().path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> AgentApi.asAdmin(port)
                .get("/api/v1/notifications/batches/" + batch).json().path("pending").asInt() == 0);
        // an answer in the AI's audit list, to name by id (the AI answers nothing here: put there directly)
        String audit = UUID.randomUUID().toString();
        jdbc.update("""
                insert into ai_audit (id, conversation_id, turn_seq, intent, week, answered_at, reason, citations)
                values (?, ?, 1, 'order-status', '2030-W02', ?, 'sampled', '[]')""", audit, conversation,
                java.sql.Timestamp.from(Instant.now()));
        return new World(annQueue, bobQueue, ann, bob, conversation, detail.path("customerId").asText(), "email:" + from,
                original.substring(original.lastIndexOf('/') + 1), draft, token,
                supervisor.get("/api/v1/conversations/" + bobsConversation).json().path("customerId").asText(),
                notification, batch, audit);
    }

    @Test
    void anAgentReachesNothingOfAnotherQueueThroughAnyIdOfTheApi() {
        World w = world();
        // by token, like an integration acting as the agent (and without a bcrypt check per call)
        var bob = AgentApi.withToken(port, admin().post("/api/v1/tokens", AgentApi.json("owner", w.bob(), "name",
                "bob integration")).json().path("secret").asText());
        var supervisor = admin();
        String before = snapshot(w);
        int operations = 0;
        for (Operation op : operations()) {
            if (!PARAMETER.matcher(op.path()).find()) {
                continue;
            }
            String path = fill(op.path(), w);
            if (op.method().equals("get")) {
                assertThat(supervisor.get(path).status()).as("the supervisor reaches %s (the id is real)", path)
                        .isIn(200);
            }
            var answer = call(bob, op.method(), path, kitchenSink(w));
            cases.refused(op.method().toUpperCase(Locale.ROOT) + " " + op.path() + " by an agent of another queue",
                    answer.status() == 403 || answer.status() == 404, () -> !snapshot(w).equals(before),
                    "(answered " + answer.status() + " " + answer.body() + ")");
            operations++;
        }
        assertThat(operations).as("operations with an id in the OpenAPI description").isGreaterThan(30);
        assertThat(new InboxTeam(port).as(w.ann()).get("/api/v1/conversations/" + w.conversation()).status())
                .as("the agent of the queue does see it").isEqualTo(200);
    }

    @Test
    void withoutCredentialsEveryOperationIsRefused() {
        World w = world();
        String before = snapshot(w);
        for (Operation op : operations()) {
            if (!op.path().startsWith("/api/")) {
                continue;
            }
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + fill(op.path(), w)))
                    .header("Accept", "application/json").header("Content-Type", "application/json")
                    .method(op.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofString(kitchenSink(w)));
            int status = send(request).statusCode();
            cases.refused(op.method().toUpperCase(Locale.ROOT) + " " + op.path() + " without credentials",
                    status == 401 || status == 403, () -> !snapshot(w).equals(before));
        }
        for (String path : List.of("/v3/api-docs", "/actuator/prometheus")) {
            cases.refused("GET " + path + " without credentials", send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path))).statusCode() == 401, () -> false);
        }
    }

    @Test
    void aSessionCannotSkipCsrfByAddingAnAuthorizationHeader() {
        World w = world();
        var page = PageSession.signIn(port, w.ann(), InboxTeam.password(w.ann()));
        String path = "/api/v1/conversations/" + w.conversation() + "/notes";
        int notesBefore = notes(w);
        cases.refused("a change with the session cookie and a made-up Authorization scheme",
                page.post(path, AgentApi.json("text", "forged note 1"), Map.of("Authorization", "Foo bar")).statusCode() == 401,
                () -> notes(w) != notesBefore);
        String wrongBasic = "Basic " + Base64.getEncoder().encodeToString((w.ann() + ":wrong-password")
                .getBytes(StandardCharsets.UTF_8));
        cases.refused("a change with the session cookie and basic credentials that are wrong",
                page.post(path, AgentApi.json("text", "forged note 2"), Map.of("Authorization", wrongBasic))
                        .statusCode() == 401, () -> notes(w) != notesBefore);
        cases.refused("a change with the session cookie and no CSRF token",
                page.post(path, AgentApi.json("text", "forged note 3"), Map.of()).statusCode() == 403,
                () -> notes(w) != notesBefore);
        assertThat(page.post(path, AgentApi.json("text", "a genuine note"), Map.of(page.csrfHeader(), page.csrfToken()))
                .statusCode()).as("the page itself still works").isEqualTo(201);
    }

    @Test
    void anAgentCannotTakeAnAddressOrLearnWhoHasIt() {
        World w = world();
        var bob = new InboxTeam(port).as(w.bob());
        var owned = bob.get("/api/v1/customers?address=" + w.customerAddress());
        var nobody = bob.get("/api/v1/customers?address=email:nobody-" + UUID.randomUUID() + "@customer.example");
        cases.refused("looking up an address of a customer outside the agent's queues", owned.status() == 404
                && owned.json().path("detail").equals(nobody.json().path("detail")), () -> false);
        var taken = bob.post("/api/v1/customers/" + w.bobsCustomer() + "/addresses",
                AgentApi.json("address", w.customerAddress(), "evidence", "the customer said so"));
        cases.refused("linking another queue's customer's address to one's own customer", taken.status() == 403,
                () -> !AgentApi.asSupervisor(port).get("/api/v1/customers?address=" + w.customerAddress()).json()
                        .path("customer").path("id").asText().equals(w.customer()));
    }

    @Test
    void oversizeAndMalformedBodiesAreRefused() {
        World w = world();
        var ann = new InboxTeam(port).as(w.ann());
        String path = "/api/v1/conversations/" + w.conversation() + "/notes";
        int before = notes(w);
        cases.refused("a note body over the API's size limit", ann.post(path, AgentApi.json("text",
                "x".repeat(1_100_000))).status() == 413, () -> notes(w) != before);
        cases.refused("a note body that is not JSON", ann.post(path, "{\"text\": \"unfinished").status() == 400,
                () -> notes(w) != before);
        cases.refused("a note of the wrong type", ann.post(path, "[1, 2, 3]").status() == 400, () -> notes(w) != before);
    }

    /** One operation of the OpenAPI description. */
    record Operation(String method, String path) {
    }

    private List<Operation> operations() {
        JsonNode docs = AgentApi.asAdmin(port).get("/v3/api-docs").json();
        var operations = new ArrayList<Operation>();
        docs.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                operations.add(new Operation(method, path.getKey()));
            }
        }));
        assertThat(operations).as("the OpenAPI description lists the API").hasSizeGreaterThan(40);
        return operations;
    }

    /** The path with each parameter set to an id of the other queue's world; an unknown parameter fails the test. */
    private static String fill(String path, World w) {
        Matcher m = PARAMETER.matcher(path);
        var out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "id" -> path.startsWith("/api/v1/conversations") ? w.conversation()
                        : path.startsWith("/api/v1/customers") ? w.customer()
                        : path.startsWith("/api/v1/email/messages") ? w.mail()
                        : path.startsWith("/api/v1/tokens") ? w.token()
                        : path.startsWith("/api/v1/notifications/batches") ? w.batch()
                        : path.startsWith("/api/v1/notifications") ? w.notification()
                        : path.startsWith("/api/v1/canned-responses") ? "greeting"
                        : path.startsWith("/api/v1/ai/audits") ? w.audit() : null;
                case "intent" -> "order-status";
                case "seq" -> Long.toString(w.draft());
                case "index" -> "0";
                case "username" -> w.ann();
                case "name" -> w.annQueue();
                default -> null;
            };
            assertThat(value).as("no id known for {%s} in %s: teach this test what it names", m.group(1), path).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A body every operation's request type can read, naming things of the attacker's own queue. */
    private static String kitchenSink(World w) {
        var body = new LinkedHashMap<String, Object>();
        body.put("text", "hostile text");
        body.put("note", "hostile note");
        body.put("address", "email:hostile-" + UUID.randomUUID() + "@example.com");
        body.put("evidence", "none");
        body.put("customerId", w.bobsCustomer());
        body.put("linkId", UUID.randomUUID().toString());
        body.put("presence", "away");
        body.put("seq", 1);
        body.put("roles", List.of("admin"));
        body.put("enabled", false);
        body.put("password", "hostile-password-1");
        body.put("displayName", "Hostile");
        body.put("queues", List.of(w.bobQueue()));
        body.put("queue", w.bobQueue());
        body.put("sla", "PT1M");
        body.put("title", "Hostile");
        body.put("purpose", "marketing");
        body.put("granted", true);
        body.put("reason", "hostile reason");
        return InboxTeam.write(body);
    }

    /** The admin's API, by token: a password would cost a bcrypt check on every one of hundreds of calls. */
    private AgentApi admin() {
        if (adminToken == null) {
            adminToken = AgentApi.asAdmin(port).post("/api/v1/tokens", AgentApi.json("owner", "admin", "name",
                    "hostile-input snapshots")).json().path("secret").asText();
        }
        return AgentApi.withToken(port, adminToken);
    }

    /** What an attacker's call could have changed, as an admin sees it. */
    private String snapshot(World w) {
        var supervisor = admin();
        var admin = admin();
        JsonNode c = supervisor.get("/api/v1/conversations/" + w.conversation()).json();
        JsonNode customer = supervisor.get("/api/v1/customers/" + w.customer()).json().path("customer");
        JsonNode users = admin.get("/api/v1/users").json();
        JsonNode tokens = admin.get("/api/v1/tokens").json();
        JsonNode agents = supervisor.get("/api/v1/agents").json();
        return String.join("|", c.path("status").asText(), c.path("queue").asText(), c.path("assignee").asText(),
                Integer.toString(c.path("turns").size()), Integer.toString(c.path("decisions").size()),
                customer.path("addresses").toString(), customer.path("preferredChannel").asText(),
                customer.path("claims").toString(), customer.path("mergedInto").asText(),
                find(users, "username", w.ann()).toString(), find(tokens, "id", w.token()).path("revokedAt").asText(),
                find(agents, "username", w.ann()).path("queues").toString(),
                find(agents, "username", w.ann()).path("presence").asText(),
                supervisor.get("/api/v1/queues/" + w.annQueue()).json().path("sla").asText(),
                admin.get("/api/v1/canned-responses").json().toString(),
                supervisor.get("/api/v1/ai/audits/" + w.audit()).json().path("audit").path("grade").asText(),
                supervisor.get("/api/v1/ai/autonomy").json().path("intents").toString());
    }

    private int notes(World w) {
        return admin().get("/api/v1/conversations/" + w.conversation()).json().path("turns").size();
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return JSON.nullNode();
    }

    private AgentApi.Response call(AgentApi api, String method, String path, String body) {
        return switch (method) {
            case "get" -> api.get(path);
            case "post" -> api.post(path, body);
            case "put" -> api.put(path, body);
            case "delete" -> api.delete(path);
            default -> throw new AssertionError("no such method in this API: " + method);
        };
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
