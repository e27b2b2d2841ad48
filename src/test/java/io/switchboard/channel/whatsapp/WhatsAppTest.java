package io.switchboard.channel.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.customer.Address;
import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * WhatsApp through Twilio, against the stub of Twilio's API over the SDK's real HTTP calls: a message
 * in, the same number's SMS in the same conversation, and the customer-service window (shortened to
 * 3 s here): free text inside it, the template outside it, and, with no template, the reply on the
 * customer's next channel; a notification outside it goes as its own approved template.
 */
class WhatsAppTest {

    static final String TEMPLATE = "HX0123456789abcdef0123456789abcdef";
    static final String ORDER_TEMPLATE = "HXfedcba9876543210fedcba9876543210";
    static TwilioStub twilio;
    static ConfigurableApplicationContext withTemplate;
    static ConfigurableApplicationContext withoutTemplate;

    @BeforeAll
    static void start() {
        twilio = new TwilioStub();
        withTemplate = gateway("switchboard.whatsapp.template.content-sid=" + TEMPLATE,
                "switchboard.whatsapp.template.variables.1={text}");
        // no template for replies; one for the order-shipped notification
        withoutTemplate = gateway("switchboard.notifications.provider-templates.order-shipped.whatsapp.en.id="
                        + ORDER_TEMPLATE,
                "switchboard.notifications.provider-templates.order-shipped.whatsapp.en.variables.1={{order}}",
                "switchboard.notifications.provider-templates.order-shipped.whatsapp.en.variables.2=by {{day}}",
                // no quiet hours: whatever the hour the test runs at
                "switchboard.notifications.quiet-start=00:00", "switchboard.notifications.quiet-end=00:00");
    }

    static ConfigurableApplicationContext gateway(String... settings) {
        return Gateways.start(Stream.of(Stream.of(twilio.settings()), Stream.of(
                        "switchboard.whatsapp.from-number=+15005550010", "switchboard.whatsapp.window=3s",
                        "switchboard.delivery.outbox.initial-backoff=200ms"), Stream.of(settings))
                .flatMap(s -> s).toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        Stream.of(withTemplate, withoutTemplate).filter(c -> c != null).forEach(ConfigurableApplicationContext::close);
        twilio.close();
    }

    @Test
    void aWhatsAppMessageAndAnSmsFromTheSameNumberAreOneConversationAndAReplyInsideTheWindowIsFreeText() {
        String number = TwilioWebhookClient.freshNumber();
        var webhooks = TwilioWebhookClient.forStub(Gateways.httpPort(withTemplate));
        assertThat(webhooks.post("/webhooks/twilio/whatsapp", whatsapp(number, "Hola, my order 7781?")).status())
                .isEqualTo(200);
        assertThat(webhooks.post("/webhooks/twilio/sms",
                TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(), number, "Also texting you")).status())
                .isEqualTo(200);
        var api = AgentApi.asAgent(Gateways.httpPort(withTemplate));
        String conversation = conversationOf(api, "whatsapp:" + number);
        JsonNode turns = api.get("/api/v1/conversations/" + conversation).json().path("turns");
        assertThat(turns).extracting(t -> t.path("channel").asText()).containsExactly("whatsapp", "sms");
        assertThat(conversationOf(api, "sms:" + number)).as("one phone identity").isEqualTo(conversation);

        reply(api, conversation, "whatsapp", "It ships tomorrow.");
        Map<String, String> sent = await().atMost(Duration.ofSeconds(20))
                .until(() -> twilio.acceptedTo("whatsapp:" + number), list -> !list.isEmpty()).get(0);
        assertThat(sent).containsEntry("From", "whatsapp:+15005550010").containsEntry("Body", "It ships tomorrow.")
                .doesNotContainKey("ContentSid");
        assertThat(TwilioStub.query(sent.get("StatusCallback"))).containsEntry("ch", "whatsapp");
    }

    @Test
    void outsideTheWindowTheConfiguredTemplateIsSentWithTheReplyInItsVariables() {
        String number = TwilioWebhookClient.freshNumber();
        var api = AgentApi.asAgent(Gateways.httpPort(withTemplate));
        TwilioWebhookClient.forStub(Gateways.httpPort(withTemplate)).post("/webhooks/twilio/whatsapp",
                whatsapp(number, "Is my refund through?"));
        String conversation = conversationOf(api, "whatsapp:" + number);
        awaitWindowClosed(withTemplate, number);
        reply(api, conversation, null, "Yes, refunded today.");
        Map<String, String> sent = await().atMost(Duration.ofSeconds(20))
                .until(() -> twilio.acceptedTo("whatsapp:" + number), list -> !list.isEmpty()).get(0);
        assertThat(sent).containsEntry("ContentSid", TEMPLATE).doesNotContainKey("Body");
        assertThat(sent.get("ContentVariables")).isEqualTo("{\"1\":\"Yes, refunded today.\"}");
    }

    @Test
    void outsideTheWindowWithoutATemplateTheReplyGoesOnTheCustomersNextChannel() {
        String number = TwilioWebhookClient.freshNumber();
        var api = AgentApi.asAgent(Gateways.httpPort(withoutTemplate));
        TwilioWebhookClient.forStub(Gateways.httpPort(withoutTemplate)).post("/webhooks/twilio/whatsapp",
                whatsapp(number, "Can you call me back?"));
        String conversation = conversationOf(api, "whatsapp:" + number);
        assertThat(api.get("/api/v1/conversations/" + conversation).json().path("inbox").path("replyChannels"))
                .extracting(JsonNode::asText).contains("whatsapp");
        awaitWindowClosed(withoutTemplate, number);
        assertThat(api.get("/api/v1/conversations/" + conversation).json().path("inbox").path("replyChannels"))
                .as("the composer no longer offers WhatsApp").extracting(JsonNode::asText)
                .doesNotContain("whatsapp").contains("sms");
        var refused = api.post("/api/v1/conversations/" + conversation + "/replies",
                AgentApi.json("text", "On WhatsApp, please.", "channel", "whatsapp"));
        assertThat(refused.status()).as("asked for WhatsApp outside the window").isEqualTo(409);
        assertThat(refused.body()).contains("window");

        reply(api, conversation, null, "We will call you at 3 pm.");
        List<Map<String, String>> bySms = await().atMost(Duration.ofSeconds(20))
                .until(() -> twilio.acceptedTo(number), list -> !list.isEmpty());
        assertThat(bySms.get(0)).containsEntry("Body", "We will call you at 3 pm.");
        JsonNode sent = null;
        for (JsonNode turn : api.get("/api/v1/conversations/" + conversation).json().path("turns")) {
            if (turn.path("text").asText().equals("We will call you at 3 pm.")) {
                sent = turn;
            }
        }
        assertThat(sent.path("channel").asText()).isEqualTo("sms");
        assertThat(sent.path("metadata").path("passedOver").asText()).as("the reason on the turn")
                .startsWith("whatsapp: outside WhatsApp's customer-service window");
        assertThat(twilio.acceptedTo("whatsapp:" + number)).isEmpty();
    }

    @Test
    void aReplyLongerThanWhatsAppCarriesTakesTheNextChannelWithTheReasonAndTheComposerShowsTheLimit() {
        String number = TwilioWebhookClient.freshNumber();
        var api = AgentApi.asAgent(Gateways.httpPort(withTemplate));
        TwilioWebhookClient.forStub(Gateways.httpPort(withTemplate)).post("/webhooks/twilio/whatsapp",
                whatsapp(number, "Send me the whole returns policy please"));
        String conversation = conversationOf(api, "whatsapp:" + number);
        JsonNode inbox = api.get("/api/v1/conversations/" + conversation).json().path("inbox");
        assertThat(inbox.path("replyLimits").path("whatsapp").asInt()).as("the composer's limit").isEqualTo(1600);
        assertThat(inbox.path("replyLimits").has("sms")).as("SMS splits a long text").isFalse();

        String policy = "You may return any item within 30 days of delivery. ".repeat(40).strip();
        reply(api, conversation, null, policy);
        await().atMost(Duration.ofSeconds(20)).until(() -> twilio.acceptedTo(number).size() >= 2);
        JsonNode sent = null;
        for (JsonNode turn : api.get("/api/v1/conversations/" + conversation).json().path("turns")) {
            if (turn.path("text").asText().equals(policy)) {
                sent = turn;
            }
        }
        assertThat(sent.path("channel").asText()).isEqualTo("sms");
        assertThat(sent.path("metadata").path("passedOver").asText())
                .isEqualTo("whatsapp: the text has " + policy.length() + " characters, more than the 1600 whatsapp carries");
        assertThat(twilio.acceptedTo("whatsapp:" + number)).isEmpty();
    }

    /** Until the gateway's own window says the customer's last message is more than 3 s old. */
    @Test
    void outsideTheWindowANotificationGoesAsItsOwnApprovedTemplateAndOneWithoutAnyTakesTheNextChannel() {
        String number = TwilioWebhookClient.freshNumber();
        int port = Gateways.httpPort(withoutTemplate);
        TwilioWebhookClient.forStub(port).post("/webhooks/twilio/whatsapp", whatsapp(number, "Order 5512 please"));
        var supervisor = AgentApi.asSupervisor(port);
        conversationOf(supervisor, "whatsapp:" + number);
        String customerId = supervisor.get("/api/v1/customers?address=" + URLEncoder.encode("whatsapp:" + number,
                StandardCharsets.UTF_8)).json().path("customer").path("id").asText();
        awaitWindowClosed(withoutTemplate, number);
        var admin = AgentApi.asAdmin(port);
        String ask = "{\"customerId\":\"%s\",\"template\":\"%s\",\"idempotencyKey\":\"%s\","
                + "\"variables\":{\"order\":\"A-5512\",\"day\":\"Friday\",\"when\":\"Monday 9:00\"}}";

        JsonNode refused = admin.post("/api/v1/notifications", ask.formatted(customerId, "order-shipped",
                "no-consent-" + number)).json();
        assertThat(refused.path("channel").asText()).as("WhatsApp needs the customer's opt-in first").isEqualTo("sms");
        assertThat(supervisor.put("/api/v1/customers/" + customerId + "/consent", AgentApi.json("address",
                "whatsapp:" + number, "purpose", "notifications", "granted", "true", "source", "form",
                "words", "Order updates on WhatsApp, yes")).status()).isEqualTo(200);

        JsonNode shipped = admin.post("/api/v1/notifications", ask.formatted(customerId, "order-shipped",
                "shipped-" + number)).json();
        assertThat(shipped.path("state").asText()).as(shipped.toString()).isEqualTo("SENT");
        assertThat(shipped.path("channel").asText()).isEqualTo("whatsapp");
        Map<String, String> sent = await().atMost(Duration.ofSeconds(20))
                .until(() -> twilio.acceptedTo("whatsapp:" + number), list -> !list.isEmpty()).get(0);
        assertThat(sent).containsEntry("ContentSid", ORDER_TEMPLATE).doesNotContainKey("Body");
        assertThat(sent.get("ContentVariables")).isEqualTo("{\"1\":\"A-5512\",\"2\":\"by Friday\"}");

        JsonNode moved = admin.post("/api/v1/notifications", ask.formatted(customerId, "appointment-moved",
                "moved-" + number)).json();
        assertThat(moved.path("channel").asText()).as("no approved template for this one").isEqualTo("sms");
        assertThat(twilio.acceptedTo("whatsapp:" + number)).hasSize(1);
    }

    private static void awaitWindowClosed(ConfigurableApplicationContext gateway, String number) {
        var window = gateway.getBean(WhatsAppWindow.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !window.open(new Address("whatsapp", number)));
    }

    private static Map<String, String> whatsapp(String number, String text) {
        var form = new LinkedHashMap<>(TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(), "whatsapp:" + number,
                text));
        form.put("To", "whatsapp:+15005550010");
        form.put("ProfileName", "Nia");
        return form;
    }

    private static void reply(AgentApi api, String conversation, String channel, String text) {
        var answer = api.post("/api/v1/conversations/" + conversation + "/replies", channel == null
                ? AgentApi.json("text", text) : AgentApi.json("text", text, "channel", channel));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    private static String conversationOf(AgentApi api, String address) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            var found = api.get("/api/v1/customers?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
            return found.status() == 200 ? found.json().path("customer").path("currentConversationId").asText() : null;
        }, id -> id != null);
    }
}
