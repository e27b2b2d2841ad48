package io.switchboard.conformance;

import io.switchboard.support.AgentApi;
import io.switchboard.support.Gateways;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;

/** The WhatsApp connector (Twilio's webhook in, the Twilio SDK out with whatsapp: addresses) passes the suite. */
class WhatsAppConformanceTest extends ConnectorConformance {

    static TwilioStub twilio;
    static ConfigurableApplicationContext gateway;
    static AgentApi api;
    static TwilioWebhookClient webhooks;

    @BeforeAll
    static void start() {
        twilio = new TwilioStub();
        gateway = Gateways.start(Stream.concat(Stream.of(twilio.settings()), Stream.of(
                "switchboard.whatsapp.from-number=+15005550010",
                "switchboard.delivery.outbox.initial-backoff=200ms", "switchboard.delivery.outbox.max-backoff=500ms"))
                .toArray(String[]::new));
        api = AgentApi.asAgent(Gateways.httpPort(gateway));
        webhooks = TwilioWebhookClient.forStub(Gateways.httpPort(gateway));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        twilio.close();
    }

    @Override
    protected String channel() {
        return "whatsapp";
    }

    @Override
    protected AgentApi api() {
        return api;
    }

    @Override
    protected String newSender() {
        return TwilioWebhookClient.freshNumber();
    }

    @Override
    protected Delivery deliver(String providerId, String from, String text) {
        return taken(webhooks.post("/webhooks/twilio/whatsapp", whatsapp(sid(providerId), from, text)));
    }

    @Override
    protected boolean carriesAttachments() {
        return true;
    }

    @Override
    protected Delivery deliverWithAttachment(String providerId, String from, String text) {
        var form = new LinkedHashMap<>(whatsapp(sid(providerId), from, text));
        form.put("NumMedia", "1");
        form.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/" + TwilioStub.ACCOUNT_SID
                + "/Messages/" + sid(providerId) + "/Media/ME0123456789abcdef0123456789abcdef");
        form.put("MediaContentType0", "image/jpeg");
        return taken(webhooks.post("/webhooks/twilio/whatsapp", form));
    }

    @Override
    protected Delivery deliverUnauthenticated(String providerId, String from, String text) {
        Map<String, String> form = whatsapp(sid(providerId), from, text);
        return taken(webhooks.post("/webhooks/twilio/whatsapp", form, TwilioWebhookClient.sign("not-the-auth-token",
                TwilioStub.PUBLIC_BASE_URL + "/webhooks/twilio/whatsapp", form)));
    }

    @Override
    protected Delivery deliverMalformed(String from) {
        var form = new LinkedHashMap<String, String>();
        form.put("From", "whatsapp:" + from);
        form.put("Body", "no MessageSid at all");
        return taken(webhooks.post("/webhooks/twilio/whatsapp", form));
    }

    @Override
    protected Delivery deliverOversize(String providerId, String from) {
        return taken(webhooks.post("/webhooks/twilio/whatsapp",
                whatsapp(sid(providerId), from, "x".repeat(70 * 1024))));
    }

    @Override
    protected void providerWill(Outcome outcome, String to) {
        switch (outcome) {
            case ACCEPT -> { }
            case FAIL_ONCE_THEN_ACCEPT -> twilio.failFirstMessageTo("whatsapp:" + to, 500, 20500);
            case REFUSE -> twilio.failMessagesTo("whatsapp:" + to, 400, 21211);
        }
    }

    @Override
    protected List<String> acceptedFor(String to) {
        return twilio.acceptedTo("whatsapp:" + to).stream().map(form -> form.get("Body")).toList();
    }

    @Override
    protected int attemptsFor(String to) {
        return twilio.messagesTo("whatsapp:" + to).size();
    }

    @Override
    protected void report(String to, String text, Report report) {
        Map<String, String> sent = twilio.acceptedTo("whatsapp:" + to).stream().filter(f -> text.equals(f.get("Body"))).findFirst()
                .orElseThrow();
        String callback = sent.get("StatusCallback").substring(TwilioStub.PUBLIC_BASE_URL.length());
        var form = new LinkedHashMap<String, String>();
        form.put("MessageSid", TwilioWebhookClient.messageSid());
        form.put("MessageStatus", switch (report) {
            case SENT -> "sent";
            case DELIVERED -> "delivered";
            case FAILED -> "failed";
        });
        form.put("AccountSid", TwilioStub.ACCOUNT_SID);
        webhooks.post(callback, form);
    }

    private static Map<String, String> whatsapp(String sid, String from, String text) {
        var form = new LinkedHashMap<>(TwilioWebhookClient.sms(sid, "whatsapp:" + from, text));
        form.put("To", "whatsapp:+15005550010");
        return form;
    }

    /** Twilio's message SIDs are SM and 32 hex digits: the suite's id (a UUID) made into one. */
    private static String sid(String providerId) {
        return "SM" + providerId.replace("-", "");
    }

    private static Delivery taken(TwilioWebhookClient.Response response) {
        return new Delivery(response.status(), response.status() == 200);
    }
}
