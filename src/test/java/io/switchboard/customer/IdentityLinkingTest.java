package io.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Inbound;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class IdentityLinkingTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Test
    void afterAnAuditedLinkBothAddressesLandInOneConversationInOrderAndUnlinkingSplitsThemBack() {
        var inbound = new Inbound(producer);
        var api = AgentApi.asAgent(port);
        String visitor = UUID.randomUUID().toString();
        String email = "Alice." + visitor.substring(0, 8) + "@Example.COM";

        String chatConversation = inbound.record("chat", "c1-" + visitor, visitor, "Hi, I need help with order 4411");
        String customerId = api.get("/api/v1/conversations/" + chatConversation).json().path("customerId").asText();
        String emailConversationBefore = inbound.record("email", "<e0-" + visitor + ">", email, "Separate mail before linking");
        assertThat(emailConversationBefore).isNotEqualTo(chatConversation);
        String emailCustomer = api.get("/api/v1/conversations/" + emailConversationBefore).json().path("customerId").asText();

        var link = api.post("/api/v1/customers/" + customerId + "/addresses",
                AgentApi.json("address", "email:" + email, "evidence", "customer read back the order number"));
        assertThat(link.status()).isEqualTo(201);
        String linkId = link.json().path("id").asText();
        assertThat(link.json().path("addresses").get(0).asText()).isEqualTo("email:" + email.toLowerCase());

        assertThat(inbound.record("email", "<e1-" + visitor + ">", email, "Sending the photo by mail")).isEqualTo(chatConversation);
        assertThat(inbound.record("chat", "c2-" + visitor, visitor, "Did you get my mail?")).isEqualTo(chatConversation);
        assertThat(inbound.record("email", "<e2-" + visitor + ">", email, "And a second photo")).isEqualTo(chatConversation);

        JsonNode joined = api.get("/api/v1/conversations/" + chatConversation).json();
        assertThat(texts(joined)).containsExactly("Hi, I need help with order 4411", "Sending the photo by mail",
                "Did you get my mail?", "And a second photo");
        assertThat(channels(joined)).containsExactly("chat", "email", "chat", "email");

        JsonNode audit = api.get("/api/v1/customers/" + customerId).json();
        assertThat(audit.path("links").get(0).path("actor").asText()).isEqualTo("agent");
        assertThat(audit.path("links").get(0).path("evidence").asText()).isEqualTo("customer read back the order number");

        var unmerge = api.post("/api/v1/customers/" + customerId + "/unmerge", AgentApi.json("linkId", linkId));
        assertThat(unmerge.status()).isEqualTo(200);
        assertThat(unmerge.json().path("reversedBy").asText()).isEqualTo("agent");

        JsonNode chatAfter = api.get("/api/v1/conversations/" + chatConversation).json();
        assertThat(customerTexts(chatAfter)).containsExactly("Hi, I need help with order 4411", "Did you get my mail?");
        assertThat(texts(chatAfter).get(texts(chatAfter).size() - 1))
                .isEqualTo("2 message(s) on email:a***@example.com moved to conversation " + emailConversationBefore
                        + " after an unmerge.");

        JsonNode owner = api.get("/api/v1/customers?address=email:" + email).json();
        assertThat(owner.path("customer").path("id").asText()).isEqualTo(emailCustomer);
        JsonNode emailAfter = api.get("/api/v1/conversations/" + emailConversationBefore).json();
        assertThat(customerTexts(emailAfter)).containsExactly("Separate mail before linking",
                "Sending the photo by mail", "And a second photo");

        assertThat(inbound.record("email", "<e3-" + visitor + ">", email, "After the unlink"))
                .isEqualTo(emailConversationBefore);
        assertThat(api.post("/api/v1/customers/" + customerId + "/unmerge", AgentApi.json("linkId", linkId)).status())
                .as("a link is undone once").isEqualTo(409);
    }

    @Test
    void aMergeFoldsTheOtherCustomerInAndAnUnmergeGivesBackTheirAddressesAndLaterMessages() {
        var inbound = new Inbound(producer);
        var api = AgentApi.asAgent(port);
        String phone = "+1415555" + String.format("%04d", (int) (Math.random() * 10_000));
        String email = "bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        String smsConversation = inbound.record("sms", "SM-" + UUID.randomUUID(), phone, "Text about my router");
        String emailConversation = inbound.record("email", "<" + UUID.randomUUID() + "@x>", email, "Mail about my router");
        String smsCustomer = api.get("/api/v1/conversations/" + smsConversation).json().path("customerId").asText();
        String emailCustomer = api.get("/api/v1/conversations/" + emailConversation).json().path("customerId").asText();

        var merge = api.post("/api/v1/customers/" + smsCustomer + "/merge",
                AgentApi.json("customerId", emailCustomer, "evidence", "same account number on both"));
        assertThat(merge.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/customers/" + emailCustomer).json().path("customer").path("mergedInto").asText())
                .isEqualTo(smsCustomer);
        assertThat(api.get("/api/v1/conversations/" + emailConversation).json().path("status").asText())
                .as("the merged customer's open conversation continues in the survivor's").isEqualTo("resolved");

        assertThat(inbound.record("email", "<" + UUID.randomUUID() + "@x>", email, "Mail after the merge"))
                .isEqualTo(smsConversation);
        assertThat(inbound.record("sms", "SM-" + UUID.randomUUID(), phone, "Text after the merge"))
                .isEqualTo(smsConversation);
        assertThat(customerTexts(api.get("/api/v1/conversations/" + smsConversation).json()))
                .containsExactly("Text about my router", "Mail after the merge", "Text after the merge");

        api.post("/api/v1/customers/" + smsCustomer + "/unmerge", AgentApi.json("linkId", merge.json().path("id").asText()));
        JsonNode restored = api.get("/api/v1/customers/" + emailCustomer).json().path("customer");
        assertThat(restored.path("mergedInto").isMissingNode() || restored.path("mergedInto").isNull()).isTrue();
        assertThat(restored.path("addresses").get(0).asText()).isEqualTo("email:" + email);
        assertThat(customerTexts(api.get("/api/v1/conversations/" + smsConversation).json()))
                .containsExactly("Text about my router", "Text after the merge");
        String emailNow = api.currentConversationOf("email:" + email);
        assertThat(customerTexts(api.get("/api/v1/conversations/" + emailNow).json())).containsExactly("Mail after the merge");
        assertThat(inbound.record("email", "<" + UUID.randomUUID() + "@x>", email, "Mail after the unmerge"))
                .isEqualTo(emailNow);
    }

    @Test
    void aClaimedAddressIsNotTheCustomersUntilAnAgentConfirmsIt() {
        var api = AgentApi.asAgent(port);
        var inbound = new Inbound(producer);
        String lastFour = String.format("%04d", (int) (Math.random() * 10_000));
        String phone = "+1415555" + lastFour;
        try (var visitor = io.switchboard.support.ChatClient.connect(port)) {
            String visitorId = visitor.hello(null).path("visitor").asText();
            visitor.say("claim-1", "Please text me");
            visitor.send(visitor.frame("claim").put("address", "(415) 555-" + lastFour));
            JsonNode claimed = visitor.next("claimed");
            assertThat(claimed.path("address").asText()).isEqualTo("sms:" + phone);
            assertThat(claimed.path("codeSent").asBoolean()).as("SMS is off without a Twilio account: an agent confirms")
                    .isFalse();

            String chatConversation = api.currentConversationOf("chat:" + visitorId);
            String customer = api.get("/api/v1/conversations/" + chatConversation).json().path("customerId").asText();
            assertThat(api.get("/api/v1/customers/" + customer).json().path("customer").path("claims").get(0)
                    .path("address").asText()).isEqualTo("sms:" + phone);

            String beforeConfirmation = inbound.record("sms", "SM-" + UUID.randomUUID(), phone, "Unconfirmed text");
            assertThat(beforeConfirmation).as("a claim links nothing").isNotEqualTo(chatConversation);

            assertThat(api.post("/api/v1/customers/" + customer + "/claims/confirm",
                    AgentApi.json("address", "sms:" + phone)).status()).isEqualTo(200);
            assertThat(inbound.record("sms", "SM-" + UUID.randomUUID(), phone, "Confirmed text"))
                    .isEqualTo(chatConversation);
            assertThat(api.post("/api/v1/customers/" + customer + "/claims/confirm",
                    AgentApi.json("address", "sms:+14155550000")).status()).isEqualTo(409);
        }
    }

    private static List<String> customerTexts(JsonNode conversation) {
        var texts = new ArrayList<String>();
        conversation.path("turns").forEach(t -> {
            if ("customer".equals(t.path("author").asText())) {
                texts.add(t.path("text").asText());
            }
        });
        return texts;
    }

    private static List<String> texts(JsonNode conversation) {
        var texts = new ArrayList<String>();
        conversation.path("turns").forEach(t -> texts.add(t.path("text").asText()));
        return texts;
    }

    private static List<String> channels(JsonNode conversation) {
        var channels = new ArrayList<String>();
        conversation.path("turns").forEach(t -> channels.add(t.path("channel").asText()));
        return channels;
    }
}
