package io.switchboard.privacy;

import static io.switchboard.support.TwilioWebhookClient.messageSid;
import static io.switchboard.support.TwilioWebhookClient.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.InboxTeam;
import io.switchboard.support.MailClient;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioWebhookClient;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A customer who wrote on SMS, chat and e-mail, their profiles merged into one: the export holds
 * everything of all three; a legal hold stops the erasure; the erasure then leaves none of their
 * addresses, their name or their words in the database file (compacted: H2 keeps deleted rows in its
 * file until then), in any of the cluster's maps, or in the gateway's mailbox folders.
 */
@Import({DataErasureTest.FailingOnce.class, DataErasureTest.ArrivingMeanwhile.class})
class DataErasureTest extends TwilioGatewayTest {

    /** A holder that fails its next erasure when told to: a mail server down, say. */
    @TestComponent
    static class FailingOnce implements PersonalDataHolder {

        static final AtomicBoolean armed = new AtomicBoolean();

        @Override
        public String kind() {
            return "failing-once";
        }

        @Override
        public void export(DataSubject subject, SubjectArchive archive) {
        }

        @Override
        public long erase(DataSubject subject) {
            if (armed.getAndSet(false)) {
                throw new IllegalStateException("the store is down");
            }
            return 0;
        }
    }

    /**
     * Erases its part after the conversations and before the profiles, and a message from the customer
     * arrives while it does, when told to: the race an erasure must win.
     */
    @TestComponent
    @Order(Ordered.HIGHEST_PRECEDENCE + 5)
    static class ArrivingMeanwhile implements PersonalDataHolder {

        static final AtomicReference<Map<String, String>> message = new AtomicReference<>();
        static final AtomicInteger answered = new AtomicInteger();
        @Autowired
        Environment environment;

        @Override
        public String kind() {
            return "arriving-meanwhile";
        }

        @Override
        public void export(DataSubject subject, SubjectArchive archive) {
        }

        @Override
        public long erase(DataSubject subject) {
            Map<String, String> form = message.getAndSet(null);
            if (form != null) {
                int port = environment.getRequiredProperty("local.server.port", Integer.class);
                answered.set(TwilioWebhookClient.forStub(port).post("/webhooks/twilio/sms", form).status());
            }
            return 0;
        }
    }

    static final Path DATA = temporaryDirectory();

    @DynamicPropertySource
    static void fileDatabase(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DATA.resolve("db/switchboard"));
    }

    @Autowired
    Environment environment;

    @Autowired
    HazelcastInstance hazelcast;

    final String marker = UUID.randomUUID().toString().substring(0, 8);
    final String phone = TwilioWebhookClient.freshNumber();
    final String email = "quill-" + marker + "@customer.example";
    final String name = "Quillon" + marker;
    final String smsText = "My fridge " + marker + "-alpha stopped cooling";
    final String chatText = "Chatting about fridge " + marker + "-bravo";
    final String mailText = "The fridge " + marker + "-charlie receipt is attached";
    final String subjectLine = "Fridge " + marker + "-delta";
    final String replyText = "We will send an engineer for " + marker + "-echo";
    final String consentWords = "Yes, tell me about offers " + marker + "-foxtrot";
    final String notifiedOrder = marker + "-hotel";
    /** A privacy officer: finds, exports and erases customers, and sees nothing else. */
    final String officer = "dpo-" + marker;
    final String officerPassword = "officer-password-" + marker;

    @Test
    void aCustomerOnThreeChannelsIsExportedWholeThenErasedWithoutATrace() throws Exception {
        var supervisor = AgentApi.asSupervisor(port);
        var mail = MailClient.of(environment);
        String support = environment.getRequiredProperty("switchboard.email.address");

        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, smsText)).status()).isEqualTo(200);
        String customerId = customerOf(supervisor, "sms:" + phone);
        String visitor;
        try (var chat = ChatClient.connect(port)) {
            visitor = chat.hello(null).path("visitor").asText();
            chat.say("c-1", chatText);
        }
        String chatCustomer = customerOf(supervisor, "chat:" + visitor);
        mail.send(mail.compose(name + " <" + email + ">", support, subjectLine, mailText));
        String mailCustomer = await().atMost(Duration.ofSeconds(20))
                .until(() -> customerOrNull(supervisor, "email:" + email), id -> id != null);
        for (String other : List.of(chatCustomer, mailCustomer)) {
            var merged = supervisor.post("/api/v1/customers/" + customerId + "/merge",
                    AgentApi.json("customerId", other, "evidence", "same person, checked on the phone"));
            assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        }
        var consent = supervisor.put("/api/v1/customers/" + customerId + "/consent", AgentApi.json("address",
                "email:" + email, "purpose", "marketing", "granted", "true", "source", "form", "words", consentWords));
        assertThat(consent.status()).as(consent.body()).isEqualTo(200);
        var notified = AgentApi.asAdmin(port).post("/api/v1/notifications", InboxTeam.write(Map.of("customerId",
                customerId, "template", "order-shipped", "variables", Map.of("order", notifiedOrder, "day", "soon"),
                "idempotencyKey", "erasure-" + marker)));
        assertThat(notified.status()).as(notified.body()).isEqualTo(202);
        String conversation = supervisor.currentConversationOf("sms:" + phone);
        var reply = agent().post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", replyText, "channel", "sms"));
        assertThat(reply.status()).as(reply.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(20)).until(() -> twilio.messagesTo(phone).stream()
                .anyMatch(form -> form.getOrDefault("Body", "").contains(marker + "-echo")));

        // the privacy officer finds the customer by the address the request came with, and sees nothing else
        assertThat(AgentApi.asAdmin(port).post("/api/v1/users", "{\"username\":\"" + officer + "\",\"password\":\""
                + officerPassword + "\",\"roles\":[\"privacy\"]}").status()).isEqualTo(201);
        var dpo = new AgentApi(port, officer, officerPassword);
        assertThat(dpo.get("/api/v1/customers?address=" + java.net.URLEncoder.encode("email:" + email,
                StandardCharsets.UTF_8)).json().path("customer").path("id").asText()).isEqualTo(customerId);
        assertThat(dpo.get("/api/v1/conversations/" + conversation).status()).isEqualTo(403);
        assertThat(dpo.get("/api/v1/customers/" + customerId).status()).isEqualTo(403);
        assertThat(dpo.get("/api/v1/search?q=" + marker).status()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/customers/" + customerId + "/export", "agent", null).statusCode())
                .isEqualTo(403);

        // the export: everything of the three channels, the mail as it arrived
        HttpResponse<byte[]> export = call("GET", "/api/v1/customers/" + customerId + "/export", officer, null);
        assertThat(export.statusCode()).isEqualTo(200);
        Map<String, String> entries = unzip(export.body());
        assertThat(entries).containsKeys("export.json", "customer/profiles.json", "customer/identity-links.json",
                "outbox.json", "audit-events.json", "inbox/csat-answers.json");
        JsonNode manifest = new ObjectMapper().readTree(entries.get("export.json"));
        assertThat(manifest.path("customerId").asText()).isEqualTo(customerId);
        assertThat(manifest.path("profiles")).hasSize(3);
        assertThat(manifest.path("addresses").toString()).contains("sms:" + phone, "chat:" + visitor, "email:" + email);
        String conversations = String.join("\n", entries.entrySet().stream()
                .filter(e -> e.getKey().startsWith("conversations/")).map(Map.Entry::getValue).toList());
        assertThat(conversations).contains(smsText, chatText, mailText, replyText);
        assertThat(entries.keySet().stream().filter(path -> path.startsWith("mail/") && path.endsWith(".eml")))
                .singleElement().satisfies(path -> assertThat(entries.get(path)).contains(name, subjectLine, mailText));
        assertThat(entries.get("outbox.json")).contains(replyText);
        assertThat(entries.get("audit-events.json")).contains("customer.merged");
        assertThat(entries.get("customer/consent.json")).contains(consentWords);
        assertThat(entries.get("notifications.json")).contains(notifiedOrder);

        // the scans can see the customer before the erasure: in the database file, the maps, the mailbox
        List<String> traces = List.of(phone, email, "chat:" + visitor, name, smsText, chatText, mailText, subjectLine,
                replyText, consentWords, notifiedOrder);
        await().atMost(Duration.ofSeconds(20)).until(() -> found(databaseFiles(), traces).containsAll(
                List.of(phone, email, smsText, chatText, mailText, replyText, consentWords, notifiedOrder)));
        assertThat(found(mapContents(), traces)).contains(phone, email, smsText);
        assertThat(found(mailbox(), traces)).contains(email, name, mailText, subjectLine);

        // a legal hold stops the erasure until it is lifted
        assertThat(new String(call("GET", "/api/v1/customers/" + customerId + "/legal-hold", officer, null).body(),
                StandardCharsets.UTF_8)).contains("\"held\":false");
        assertThat(call("PUT", "/api/v1/customers/" + customerId + "/legal-hold", "admin",
                "{\"reason\":\"litigation 2026-118\"}").statusCode()).isEqualTo(200);
        assertThat(new String(call("GET", "/api/v1/customers/" + customerId + "/legal-hold", officer, null).body(),
                StandardCharsets.UTF_8)).contains("\"held\":true", "litigation 2026-118");
        HttpResponse<byte[]> held = call("POST", "/api/v1/customers/" + customerId + "/erase", "admin",
                "{\"reason\":\"the customer asked\"}");
        assertThat(held.statusCode()).isEqualTo(409);
        assertThat(new String(held.body(), StandardCharsets.UTF_8)).contains("legal hold");
        assertThat(call("DELETE", "/api/v1/customers/" + customerId + "/legal-hold", "admin", null).statusCode())
                .isEqualTo(204);
        assertThat(call("POST", "/api/v1/customers/" + customerId + "/erase", "agent",
                "{\"reason\":\"the customer asked\"}").statusCode()).isEqualTo(403);

        assertThat(supervisor.get("/api/v1/search?q=" + marker + "-alpha").json().path("hits")).as("found before")
                .hasSize(1);
        HttpResponse<byte[]> erased = call("POST", "/api/v1/customers/" + customerId + "/erase", officer,
                "{\"reason\":\"the customer asked\"}");
        assertThat(erased.statusCode()).as(new String(erased.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode report = new ObjectMapper().readTree(erased.body());
        assertThat(report.path("compaction").asText()).isEqualTo("COMPACTED");
        assertThat(report.path("profiles").asInt()).isEqualTo(3);
        assertThat(report.path("removed").path("conversations").asLong()).isPositive();
        assertThat(report.path("removed").path("mail").asLong()).isPositive();

        assertThat(found(databaseFiles(), traces)).as("in the database file").isEmpty();
        assertThat(found(mapContents(), traces)).as("in the cluster's maps").isEmpty();
        assertThat(found(mailbox(), traces)).as("in the gateway's mailbox").isEmpty();
        assertThat(supervisor.get("/api/v1/customers/" + customerId).status()).isEqualTo(404);
        assertThat(supervisor.get("/api/v1/conversations/" + conversation).status()).isEqualTo(404);
        for (String word : List.of(marker + "-alpha", marker + "-charlie", marker + "-echo", phone, email)) {
            assertThat(supervisor.get("/api/v1/search?q=" + java.net.URLEncoder.encode(word, StandardCharsets.UTF_8))
                    .json().path("hits")).as("search for %s", word).isEmpty();
        }
        JsonNode audit = AgentApi.asAdmin(port).get("/api/v1/audit?subjectType=customer&subjectId=" + customerId).json();
        assertThat(audit.toString()).contains("privacy.erased", "the customer asked").doesNotContain(phone, email);

        // the gateway carries on after the compaction
        String next = TwilioWebhookClient.freshNumber();
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), next, "Hello again")).status())
                .isEqualTo(200);
        assertThat(customerOf(supervisor, "sms:" + next)).isNotBlank();
    }

    @Test
    void anErasureCutShortKeepsTheProfileThroughWhichAskingAgainFinishesIt() throws Exception {
        var supervisor = AgentApi.asSupervisor(port);
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, smsText)).status()).isEqualTo(200);
        String customerId = customerOf(supervisor, "sms:" + phone);
        String conversation = supervisor.currentConversationOf("sms:" + phone);

        FailingOnce.armed.set(true);
        HttpResponse<byte[]> cutShort = call("POST", "/api/v1/customers/" + customerId + "/erase", "admin",
                "{\"reason\":\"the customer asked\"}");
        assertThat(cutShort.statusCode()).isEqualTo(503);
        assertThat(new String(cutShort.body(), StandardCharsets.UTF_8)).contains("failing-once", "ask again");
        assertThat(supervisor.get("/api/v1/conversations/" + conversation).status()).as("the rest went").isEqualTo(404);
        assertThat(supervisor.get("/api/v1/customers/" + customerId).status()).as("the profile stays").isEqualTo(200);

        HttpResponse<byte[]> finished = call("POST", "/api/v1/customers/" + customerId + "/erase", "admin",
                "{\"reason\":\"the customer asked\"}");
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(supervisor.get("/api/v1/customers/" + customerId).status()).isEqualTo(404);
        assertThat(found(mapContents(), List.of(phone, smsText))).isEmpty();
        JsonNode audit = AgentApi.asAdmin(port).get("/api/v1/audit?subjectType=customer&subjectId=" + customerId).json();
        assertThat(audit.toString()).contains("privacy.erasure-incomplete", "privacy.erased");
    }

    @Test
    void aMessageThatArrivesWhileTheCustomerIsErasedIsErasedWithThem() throws Exception {
        var supervisor = AgentApi.asSupervisor(port);
        assertThat(webhooks().post("/webhooks/twilio/sms", sms(messageSid(), phone, smsText)).status()).isEqualTo(200);
        String customerId = customerOf(supervisor, "sms:" + phone);
        String late = "One more thing " + marker + "-golf";
        ArrivingMeanwhile.message.set(sms(messageSid(), phone, late));

        HttpResponse<byte[]> erased = call("POST", "/api/v1/customers/" + customerId + "/erase", "admin",
                "{\"reason\":\"the customer asked\"}");
        assertThat(erased.statusCode()).isEqualTo(200);
        assertThat(ArrivingMeanwhile.answered.get()).as("the late message was taken in").isEqualTo(200);
        assertThat(found(databaseFiles(), List.of(phone, smsText, late))).isEmpty();
        assertThat(found(mapContents(), List.of(phone, smsText, late))).isEmpty();
    }

    private static String customerOf(AgentApi api, String address) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> customerOrNull(api, address), id -> id != null);
    }

    private static String customerOrNull(AgentApi api, String address) {
        var found = api.get("/api/v1/customers?address=" + java.net.URLEncoder.encode(address, StandardCharsets.UTF_8));
        return found.status() == 200 ? found.json().path("customer").path("id").asText() : null;
    }

    private HttpResponse<byte[]> call(String method, String path, String user, String json) throws Exception {
        String password = user.equals(officer) ? officerPassword : user;
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        var entries = new LinkedHashMap<String, String>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    /** The traces that occur in the text. */
    private static List<String> found(String text, List<String> traces) {
        return traces.stream().filter(text::contains).toList();
    }

    /** Every file of the data directory, bytes read as Latin-1 so any ASCII trace shows as itself. */
    private static String databaseFiles() {
        try (Stream<Path> files = Files.walk(DATA)) {
            var all = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every key and value of every map of the cluster, as text. */
    private String mapContents() {
        var all = new StringBuilder();
        for (DistributedObject object : hazelcast.getDistributedObjects()) {
            if (object instanceof IMap<?, ?> map) {
                map.entrySet().forEach(e -> all.append(map.getName()).append(' ').append(e.getKey()).append('=')
                        .append(e.getValue() instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                                : String.valueOf(e.getValue())).append('\n'));
            }
        }
        return all.toString();
    }

    /** Every mail in every folder of the gateway's own mailbox, as it is stored. */
    private String mailbox() throws Exception {
        var session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", environment.getRequiredProperty("switchboard.email.imap.port", Integer.class),
                    environment.getRequiredProperty("switchboard.email.imap.username"),
                    environment.getRequiredProperty("switchboard.email.imap.password"));
            var all = new StringBuilder();
            var folders = new ArrayList<Folder>(List.of(store.getDefaultFolder().list("*")));
            for (Folder folder : folders) {
                if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
                    continue;
                }
                folder.open(Folder.READ_ONLY);
                for (Message message : folder.getMessages()) {
                    var bytes = new ByteArrayOutputStream();
                    message.writeTo(bytes);
                    all.append(folder.getFullName()).append('\n').append(bytes.toString(StandardCharsets.UTF_8));
                }
                folder.close(false);
            }
            return all.toString();
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("switchboard-erasure");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
