package io.switchboard.conformance;

import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite for a channel that Twilio's messaging API carries (SMS, WhatsApp): Twilio's signed
 * webhook in, the Twilio SDK out against the stub of Twilio's API, status callbacks as receipts.
 * A subclass names the channel, its webhook and the prefix Twilio writes before its numbers.
 */
abstract class TwilioMessagingConformance extends TwilioConformance {

    /** The path of the channel's incoming-message webhook. */
    abstract String webhook();

    /** What Twilio writes before the channel's numbers ({@code whatsapp:}); empty for SMS. */
    abstract String prefix();

    @Override
    protected Delivery deliver(String providerId, String from, String text) {
        return taken(webhooks.post(webhook(), message(sid(providerId), from, text)));
    }

    @Override
    protected Delivery deliverWithAttachment(String providerId, String from, String text) {
        var form = message(sid(providerId), from, text);
        form.put("NumMedia", "1");
        form.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/" + TwilioStub.ACCOUNT_SID
                + "/Messages/" + sid(providerId) + "/Media/ME0123456789abcdef0123456789abcdef");
        form.put("MediaContentType0", "image/jpeg");
        return taken(webhooks.post(webhook(), form));
    }

    @Override
    protected Delivery deliverUnauthenticated(String providerId, String from, String text) {
        Map<String, String> form = message(sid(providerId), from, text);
        return taken(webhooks.post(webhook(), form, TwilioWebhookClient.sign("not-the-auth-token",
                TwilioStub.PUBLIC_BASE_URL + webhook(), form)));
    }

    @Override
    protected Delivery deliverMalformed(String from) {
        // from our account and signed, but no message: the message's SID is missing
        var form = message(TwilioWebhookClient.messageSid(), from, "no MessageSid at all");
        form.keySet().removeAll(List.of("MessageSid", "SmsMessageSid", "SmsSid"));
        return taken(webhooks.post(webhook(), form));
    }

    @Override
    protected Delivery deliverOversize(String providerId, String from) {
        return taken(webhooks.post(webhook(), message(sid(providerId), from, "x".repeat(70 * 1024))));
    }

    @Override
    protected void providerWill(Outcome outcome, String to) {
        switch (outcome) {
            case ACCEPT -> { }
            case FAIL_ONCE_THEN_ACCEPT -> twilio.failFirstMessageTo(prefix() + to, 500, 20500);
            case REFUSE -> twilio.failMessagesTo(prefix() + to, 400, 21211);
        }
    }

    @Override
    protected List<String> acceptedFor(String to) {
        return twilio.acceptedTo(prefix() + to).stream().map(form -> form.get("Body")).toList();
    }

    @Override
    protected int attemptsFor(String to) {
        return twilio.messagesTo(prefix() + to).size();
    }

    @Override
    protected void report(String to, String text, Report report) {
        Map<String, String> sent = twilio.acceptedTo(prefix() + to).stream().filter(f -> text.equals(f.get("Body")))
                .findFirst().orElseThrow();
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

    /** Twilio's incoming-message form for the channel. */
    private LinkedHashMap<String, String> message(String sid, String from, String text) {
        var form = new LinkedHashMap<>(TwilioWebhookClient.sms(sid, prefix() + from, text));
        form.put("To", prefix() + TwilioStub.FROM);
        return form;
    }

    /** Twilio's message SIDs are SM and 32 hex digits: the suite's id (a UUID) made into one. */
    private static String sid(String providerId) {
        return "SM" + providerId.replace("-", "");
    }

    private static Delivery taken(TwilioWebhookClient.Response response) {
        return Delivery.http(response.status());
    }
}
