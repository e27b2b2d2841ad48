package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.ChatClient;
import io.switchboard.support.MailClient;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/** A chat customer proves an e-mail address with a mailed code; their mail then joins the chat's conversation. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmailCrossChannelTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void aCustomerChatsConfirmsTheirEmailThenMailsAndItIsOneConversationOnBothChannels() throws Exception {
        var mail = MailClient.of(environment);
        String support = environment.getRequiredProperty("switchboard.email.address");
        String email = "fay-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        var api = AgentApi.asAgent(port);
        String conversation;
        try (var visitor = ChatClient.connect(port)) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            visitor.say("c-1", "My parcel never arrived, order 7788");
            conversation = api.currentConversationOf("chat:" + visitorId);

            visitor.send(visitor.frame("claim").put("address", email));
            JsonNode claimed = visitor.next("claimed", "error");
            assertThat(claimed.path("codeSent").asBoolean()).as(claimed.toString()).isTrue();

            MimeMessage codeMail = await().atMost(Duration.ofSeconds(20))
                    .until(() -> mail.read(email, email, "INBOX"), list -> list.size() == 1).get(0);
            assertThat(codeMail.getFrom()[0].toString()).contains(support);
            assertThat(codeMail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
            Matcher code = CODE.matcher(MailText.of(codeMail));
            assertThat(code.find()).isTrue();

            visitor.send(visitor.frame("confirm").put("code", code.group(1)));
            assertThat(visitor.next("confirmed", "error").path("address").asText()).isEqualTo("email:" + email);
        }

        mail.send(mail.compose(email, support, "Order 7788", "Here is the tracking number: ZX-1."));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("/api/v1/conversations/" + conversation).json().path("turns")).hasSize(2));

        JsonNode detail = api.get("/api/v1/conversations/" + conversation).json();
        assertThat(values(detail.path("turns"), "channel")).containsExactly("chat", "email");
        assertThat(values(detail.path("turns"), "text"))
                .containsExactly("My parcel never arrived, order 7788", "Here is the tracking number: ZX-1.");
        assertThat(values(detail.path("channels"), null)).containsExactly("chat", "email");
        assertThat(api.currentConversationOf("email:" + email)).isEqualTo(conversation);
        JsonNode links = api.get("/api/v1/customers/" + detail.path("customerId").asText()).json().path("links");
        assertThat(links).hasSize(1);
        assertThat(links.get(0).path("actor").asText()).isEqualTo("customer");
    }

    private static List<String> values(JsonNode array, String field) {
        var values = new ArrayList<String>();
        array.forEach(node -> values.add(field == null ? node.asText() : node.path(field).asText()));
        return values;
    }
}
