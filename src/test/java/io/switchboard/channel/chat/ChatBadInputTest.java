package io.switchboard.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.ChatClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ChatBadInputTest {

    @LocalServerPort
    int port;

    @Test
    void anOversizedMessageIsRefusedWithAnErrorFrameAndTheConnectionStaysOpen() {
        try (var visitor = ChatClient.connect(port)) {
            visitor.hello(null);
            JsonNode refused = visitor.say("big-1", "x".repeat(16 * 1024 + 1));
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.path("code").asText()).isEqualTo("message-too-large");

            JsonNode huge = visitor.say("big-2", "y".repeat(5 * 1024 * 1024));
            assertThat(huge.path("code").asText()).isEqualTo("message-too-large");

            assertThat(visitor.isOpen()).isTrue();
            JsonNode ack = visitor.say("ok-1", "x".repeat(16 * 1024));
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            assertThat(ack.path("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aForgedOrTamperedTokenStartsANewAnonymousVisitorNeverSomeoneElsesConversation() {
        String token;
        String victim;
        try (var visitor = ChatClient.connect(port)) {
            JsonNode welcome = visitor.hello(null);
            token = welcome.path("token").asText();
            victim = welcome.path("visitor").asText();
            visitor.say("secret-1", "My account number is 12345678");
        }
        String[] parts = token.split("\\.");
        String forgedSignature = parts[0] + "." + parts[1] + "." + "A".repeat(parts[2].length());
        String otherId = "v1.00000000-0000-0000-0000-000000000000." + parts[2];
        for (String forged : new String[] {forgedSignature, otherId, "not-a-token", "v1." + victim}) {
            try (var attacker = ChatClient.connect(port)) {
                JsonNode welcome = attacker.hello(forged);
                assertThat(welcome.path("visitor").asText()).isNotEqualTo(victim);
                assertThat(welcome.path("history")).isEmpty();
                assertThat(welcome.path("token").asText()).isNotEqualTo(token);
            }
        }
        try (var owner = ChatClient.connect(port)) {
            assertThat(owner.hello(token).path("history").get(0).path("text").asText())
                    .isEqualTo("My account number is 12345678");
        }
    }

    @Test
    void framesThatAreNotUnderstoodGetAClearErrorAndNothingElse() {
        try (var visitor = ChatClient.connect(port)) {
            visitor.sendRaw("{\"type\":\"message\",\"text\":\"before hello\"}");
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("hello-first");
            visitor.hello(null);
            visitor.sendRaw("this is not json");
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("bad-frame");
            visitor.sendRaw("{\"type\":\"dance\"}");
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("unknown-type");
            visitor.sendRaw("{\"type\":\"message\",\"text\":\"   \"}");
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("empty");
            visitor.send(visitor.frame("claim").put("address", "not an address"));
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("invalid-address");
            assertThat(visitor.isOpen()).isTrue();
        }
    }

    @Test
    void twoVisitorsSendingTheSameClientIdAreNotTakenForDuplicates() {
        try (var first = ChatClient.connect(port); var second = ChatClient.connect(port)) {
            first.hello(null);
            second.hello(null);
            assertThat(first.say("same-id", "first visitor").path("seq").asLong()).isEqualTo(1);
            assertThat(second.say("same-id", "second visitor").path("seq").asLong()).isEqualTo(1);
            assertThat(second.say("same-id", "second visitor").path("seq").asLong())
                    .as("a resend by the same visitor is a duplicate").isZero();
        }
    }
}
