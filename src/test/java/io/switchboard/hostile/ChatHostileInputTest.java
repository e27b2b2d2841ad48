package io.switchboard.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.ChatClient;
import io.switchboard.support.HostileInput;
import io.switchboard.support.MailClient;
import io.switchboard.support.TwilioStub;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An attacker on the chat socket: floods of messages, visitors, sockets and claims, codes sent to
 * numbers abroad and guessed at, forged tokens and broken frames. Limits count per client network;
 * each test comes from its own network through a proxy on loopback (trusted, as Tomcat trusts
 * private and loopback proxies by default), so their buckets are their own.
 */
@Tag("hostile-input")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.forward-headers-strategy=native",
        "switchboard.chat.limits.messages-per-visitor=5/5s",
        "switchboard.chat.limits.messages-per-network=12/1m",
        "switchboard.chat.limits.new-visitors-per-network=4/1h",
        "switchboard.chat.limits.claims-per-network=6/1h",
        "switchboard.chat.limits.sockets-per-network=6",
        "switchboard.customer.claims.per-customer=3/1h",
        "switchboard.customer.claims.per-address=2/1h",
        "switchboard.customer.claims.failures-before-lock=3"})
@ActiveProfiles("test")
class ChatHostileInputTest {

    static final TwilioStub twilio = new TwilioStub();
    static final AtomicInteger networks = new AtomicInteger(10);
    final HostileInput cases = HostileInput.on("chat");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) {
        for (String setting : twilio.settings()) {
            int eq = setting.indexOf('=');
            registry.add(setting.substring(0, eq), () -> setting.substring(eq + 1));
        }
    }

    /** A network no other test of this class comes from. */
    static String network() {
        return "198.51.100." + networks.incrementAndGet();
    }

    @Test
    void aVisitorSendingTooFastIsToldToWaitAndNothingIsStoredTwice() throws Exception {
        try (var visitor = ChatClient.connectFrom(port, network())) {
            visitor.hello(null);
            String marker = marker();
            var frames = new ArrayList<JsonNode>();
            for (int i = 0; i < 6; i++) {
                frames.add(visitor.say("flood-" + i, marker + " message " + i));
            }
            JsonNode refusal = frames.get(5);
            cases.refused("a sixth message within the visitor's limit of five", refusal.path("code").asText()
                    .equals("rate-limited") && refusal.path("id").asText().equals("flood-5")
                    && refusal.path("retryAfter").asLong() >= 1, () -> turnsHolding(marker + " message 5") > 0);
            cases.accepted("the five messages within the limit", frames.subList(0, 5).stream()
                    .allMatch(f -> f.path("type").asText().equals("ack")) ? 1 : 0, turnsHolding(marker) == 5);

            // the visitor waits as told and sends again until the limit lets it in (a resend takes a token too)
            Duration told = Duration.ofSeconds(refusal.path("retryAfter").asLong());
            JsonNode again = sendOnceLetIn(visitor, told, "flood-5", marker + " message 5");
            JsonNode resent = sendOnceLetIn(visitor, told, "flood-4", marker + " message 4");
            cases.accepted("the refused message sent again after the wait, and an acknowledged one resent",
                    turnsHolding(marker + " message 5"), again.path("type").asText().equals("ack")
                            && resent.path("type").asText().equals("ack") && turnsHolding(marker + " message 4") == 1);
        }
    }

    /** Sends after {@code told}, and again every half second while the visitor's limit refuses it; the last answer. */
    private static JsonNode sendOnceLetIn(ChatClient visitor, Duration told, String id, String text) {
        var answer = new AtomicReference<JsonNode>();
        await().pollDelay(told).pollInterval(Duration.ofMillis(500)).atMost(told.multipliedBy(2).plusSeconds(10))
                .until(() -> {
                    answer.set(visitor.say(id, text));
                    return !answer.get().path("code").asText().equals("rate-limited");
                });
        return answer.get();
    }

    @Test
    void manyVisitorsOfOneNetworkShareItsMessageLimit() {
        String network = network();
        String marker = marker();
        int acked = 0;
        int limited = 0;
        var visitors = new ArrayList<ChatClient>();
        try {
            for (int v = 0; v < 3; v++) {
                var visitor = ChatClient.connectFrom(port, network);
                visitors.add(visitor);
                visitor.hello(null);
                for (int i = 0; i < 5; i++) {
                    JsonNode answer = visitor.say("v" + v + "-" + i, marker + " " + v + "-" + i);
                    acked += answer.path("type").asText().equals("ack") ? 1 : 0;
                    limited += answer.path("code").asText().equals("rate-limited") ? 1 : 0;
                }
            }
        } finally {
            visitors.forEach(ChatClient::close);
        }
        int stored = turnsHolding(marker);
        cases.refused("fifteen messages from three visitors of one network, over its limit of twelve",
                acked == 12 && limited == 3, () -> stored > 12);
    }

    @Test
    void aNetworkStartingTooManyNewVisitorsOrSocketsIsCutOffWithAClearFrame() {
        String network = network();
        String token = null;
        for (int i = 0; i < 4; i++) {
            try (var visitor = ChatClient.connectFrom(port, network)) {
                token = visitor.hello(null).path("token").asText();
            }
        }
        try (var fifth = ChatClient.connectFrom(port, network)) {
            fifth.send(fifth.frame("hello"));
            JsonNode refused = fifth.next("error", "welcome");
            await().atMost(Duration.ofSeconds(5)).until(() -> !fifth.isOpen());
            cases.refused("a fifth new visitor of one network within the hour", refused.path("code").asText()
                    .equals("too-many-visitors"), () -> false);
        }
        try (var returning = ChatClient.connectFrom(port, network)) {
            assertThat(returning.hello(token).path("type").asText()).as("a returning visitor is welcome").isEqualTo("welcome");
        }

        String crowded = network();
        var open = new ArrayList<ChatClient>();
        try {
            for (int i = 0; i < 6; i++) {
                open.add(ChatClient.connectFrom(port, crowded));
            }
            var seventh = ChatClient.connectFrom(port, crowded);
            open.add(seventh);
            JsonNode refused = seventh.next("error");
            await().atMost(Duration.ofSeconds(5)).until(() -> !seventh.isOpen());
            cases.refused("a seventh open socket of one network", refused.path("code").asText()
                    .equals("too-many-connections") && open.get(0).isOpen(), () -> false);
        } finally {
            open.forEach(ChatClient::close);
        }
    }

    @Test
    void claimsAreLimitedPerVisitorPerAddressAndPerNetworkAndCodesGoOnlyToAllowedCountries() {
        String network = network();
        try (var visitor = ChatClient.connectFrom(port, network)) {
            visitor.hello(null);
            for (int i = 0; i < 3; i++) {
                visitor.send(visitor.frame("claim").put("address", "claim-" + i + "-" + marker() + "@example.com"));
                assertThat(visitor.next("claimed", "error").path("type").asText()).isEqualTo("claimed");
            }
            String fourth = "claim-4-" + marker() + "@example.com";
            visitor.send(visitor.frame("claim").put("address", fourth));
            cases.refused("a visitor's fourth claim within the hour", visitor.next("claimed", "error").path("code").asText()
                    .equals("too-many-claims"), () -> codesSentTo(fourth) > 0);
        }

        String target = "+14155" + (100_000 + (int) (Math.random() * 899_999));
        for (int i = 0; i < 2; i++) {
            try (var visitor = ChatClient.connectFrom(port, network())) {
                visitor.hello(null);
                visitor.send(visitor.frame("claim").put("address", target));
                assertThat(visitor.next("claimed", "error").path("codeSent").asBoolean()).isTrue();
            }
        }
        try (var visitor = ChatClient.connectFrom(port, network())) {
            visitor.hello(null);
            visitor.send(visitor.frame("claim").put("address", target));
            String code = visitor.next("claimed", "error").path("code").asText();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> twilio.messagesTo(target).size() == 2);
            cases.refused("a third claim of one phone number within the hour (SMS pumping)", code.equals("address-busy"),
                    () -> twilio.messagesTo(target).size() > 2);
        }

        String abroad = "+442079460" + (100 + (int) (Math.random() * 899));
        try (var visitor = ChatClient.connectFrom(port, network())) {
            visitor.hello(null);
            visitor.send(visitor.frame("claim").put("address", abroad));
            JsonNode answer = visitor.next("claimed", "error");
            cases.refused("a code to a number in a country codes are not sent to", answer.path("code").asText()
                    .equals("country") && answer.path("message").asText().contains("country"),
                    () -> !twilio.messagesTo(abroad).isEmpty());
        }

        String crowded = network();
        var refusedAddresses = new ArrayList<String>();
        for (int v = 0; v < 3; v++) {
            try (var visitor = ChatClient.connectFrom(port, crowded)) {
                visitor.hello(null);
                for (int i = 0; i < 3; i++) {
                    String address = "net-" + marker() + "@example.com";
                    visitor.send(visitor.frame("claim").put("address", address));
                    if (visitor.next("claimed", "error").path("code").asText().equals("too-many-claims")) {
                        refusedAddresses.add(address);
                    }
                }
            }
        }
        cases.refused("nine claims from three visitors of one network, over its limit of six",
                refusedAddresses.size() == 3, () -> refusedAddresses.stream().anyMatch(a -> codesSentTo(a) > 0));
    }

    @Test
    void guessingAtACodeLocksTheAddressAcrossClaims() {
        String address = "locked-" + marker() + "@example.com";
        try (var visitor = ChatClient.connectFrom(port, network())) {
            visitor.hello(null);
            visitor.send(visitor.frame("claim").put("address", address));
            assertThat(visitor.next("claimed").path("codeSent").asBoolean()).isTrue();
            for (int i = 0; i < 2; i++) {
                visitor.send(visitor.frame("confirm").put("code", "00000" + i));
                assertThat(visitor.next("error").path("code").asText()).isEqualTo("wrong-code");
            }
            // a new claim used to bring a new budget of guesses
            visitor.send(visitor.frame("claim").put("address", address));
            assertThat(visitor.next("claimed").path("codeSent").asBoolean()).isTrue();
            visitor.send(visitor.frame("confirm").put("code", "000009"));
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("wrong-code");

            String code = await().atMost(Duration.ofSeconds(10)).until(() -> lastCodeMailedTo(address), c -> c != null);
            visitor.send(visitor.frame("confirm").put("code", code));
            cases.refused("the right code after three wrong ones over two claims", visitor.next("confirmed", "error")
                    .path("code").asText().equals("wrong-code"), () -> linked(address));
            visitor.send(visitor.frame("claim").put("address", address));
            cases.refused("a new claim of an address locked by guessing", visitor.next("claimed", "error")
                    .path("code").asText().equals("address-locked"), () -> linked(address));
        }
    }

    @Test
    void forgedTokensAndBrokenFramesGetNothing() {
        String victimToken;
        String victim;
        String marker = marker();
        try (var owner = ChatClient.connectFrom(port, network())) {
            JsonNode welcome = owner.hello(null);
            victimToken = welcome.path("token").asText();
            victim = welcome.path("visitor").asText();
            owner.say("secret-1", "my order number is 4711 " + marker);
        }
        String[] parts = victimToken.split("\\.");
        for (String forged : List.of("v1." + victim + "." + "A".repeat(parts[2].length()),
                "v1." + victim + ".", "v2." + victim + "." + parts[2], victimToken.replace(victim.substring(0, 8), "00000000"))) {
            try (var attacker = ChatClient.connectFrom(port, network())) {
                JsonNode welcome = attacker.hello(forged);
                cases.refused("a forged visitor token", !welcome.path("visitor").asText().equals(victim)
                        && welcome.path("history").isEmpty(), () -> false);
            }
        }

        try (var visitor = ChatClient.connectFrom(port, network())) {
            visitor.send(visitor.frame("message").put("text", "before hello " + marker));
            cases.refused("a message before hello", visitor.next("error").path("code").asText().equals("hello-first"),
                    () -> turnsHolding("before hello " + marker) > 0);
            visitor.hello(null);
            visitor.sendRaw("{\"type\": \"message\", \"text\": \"" + marker);
            cases.refused("a frame that is not JSON", visitor.next("error").path("code").asText().equals("bad-frame"),
                    () -> turnsHolding(marker) > 1);
            visitor.send(visitor.frame("message").put("id", "big").put("text", marker + "x".repeat(40 * 1024)));
            cases.refused("a message over the size limit", visitor.next("error").path("code").asText()
                    .equals("message-too-large") && visitor.isOpen(), () -> turnsHolding(marker) > 1);
            visitor.send(visitor.frame("exec").put("command", "rm -rf /"));
            cases.refused("a frame of an unknown type", visitor.next("error").path("code").asText().equals("unknown-type"),
                    () -> false);
            String script = "<svg onload=alert(1)><script>alert(document.cookie)</script> " + marker();
            visitor.say("xss", script);
            cases.accepted("script and HTML in a chat message, kept as the text it is",
                    turnsHolding(script.substring(script.length() - 33)), storedText(script));
        }
    }

    private static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "");
    }

    private int turnsHolding(String text) {
        return jdbc.queryForObject("select count(*) from turn where data like ?", Integer.class, "%" + text + "%");
    }

    private boolean storedText(String text) {
        return jdbc.queryForList("select data from turn where data like ?", String.class,
                "%" + text.substring(text.length() - 33) + "%").stream().anyMatch(data -> data.contains("\\u003Csvg onload")
                || data.contains("<svg onload=alert(1)>"));
    }

    private boolean linked(String address) {
        return jdbc.queryForObject("select count(*) from customer_address where address = ?", Integer.class,
                "email:" + address) > 0;
    }

    private int codesSentTo(String address) {
        return mail().read(address, address, "INBOX").size();
    }

    private String lastCodeMailedTo(String address) {
        var mails = mail().read(address, address, "INBOX");
        if (mails.size() < 2) {
            return null;
        }
        try {
            Object content = mails.get(mails.size() - 1).getContent();
            String text = content instanceof Multipart parts ? String.valueOf(parts.getBodyPart(0).getContent())
                    : String.valueOf(content);
            Matcher code = Pattern.compile("code is (\\d{6})").matcher(text);
            return code.find() ? code.group(1) : null;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private MailClient mail() {
        return MailClient.of(environment);
    }
}
