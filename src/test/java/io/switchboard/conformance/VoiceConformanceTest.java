package io.switchboard.conformance;

import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio voice passes the conformance suite: a message is what the caller said in answer to a
 * {@code <Gather>} (Twilio's signed webhook, the call and the gather as its key), a reply is spoken
 * into the call in progress by the SDK's call update against the stub of Twilio's API. A call update
 * Twilio answers with 5xx is retried; one it refuses (the call ended) is not. Twilio reports nothing
 * more about a spoken reply, so the receipt cases are skipped.
 */
class VoiceConformanceTest extends TwilioConformance {

    static final Pattern GATHER = Pattern.compile("action=\"" + Pattern.quote(TwilioStub.PUBLIC_BASE_URL)
            + "(/webhooks/twilio/voice\\?g=[0-9a-f]+)\"");

    /** Per caller, their call's SID; per message id, the gather it answered; per caller, the gather open now. */
    final Map<String, String> calls = new ConcurrentHashMap<>();
    final Map<String, String> answered = new ConcurrentHashMap<>();
    final Map<String, String> listening = new ConcurrentHashMap<>();

    @Override
    protected String channel() {
        return "voice";
    }

    /** A caller whose call is answered and listening. */
    @Override
    protected String newSender() {
        String caller = super.newSender();
        String callSid = TwilioWebhookClient.callSid();
        calls.put(caller, callSid);
        listening.put(caller, gather(webhooks.post("/webhooks/twilio/voice", call(callSid, caller, Map.of())).body()));
        return caller;
    }

    @Override
    protected Set<Report> receipts() {
        return Set.of();
    }

    @Override
    protected Delivery deliver(String providerId, String from, String text) {
        // the same message delivered again is Twilio posting the same gather's result again
        String gather = answered.computeIfAbsent(providerId, id -> listening.get(from));
        var response = webhooks.post(gather, call(calls.get(from), from, Map.of("SpeechResult", text, "Confidence", "0.9")));
        if (response.status() == 200) {
            listening.put(from, gather(response.body()));
        }
        return Delivery.http(response.status());
    }

    @Override
    protected Delivery deliverUnauthenticated(String providerId, String from, String text) {
        var form = call(calls.get(from), from, Map.of("SpeechResult", text));
        String gather = listening.get(from);
        return Delivery.http(webhooks.post(gather, form, TwilioWebhookClient.sign("not-the-auth-token",
                TwilioStub.PUBLIC_BASE_URL + gather, form)).status());
    }

    @Override
    protected Delivery deliverMalformed(String from) {
        var form = call(calls.get(from), from, Map.of("SpeechResult", "no call at all"));
        form.remove("CallSid");
        return Delivery.http(webhooks.post(listening.get(from), form).status());
    }

    @Override
    protected Delivery deliverOversize(String providerId, String from) {
        return Delivery.http(webhooks.post(listening.get(from),
                call(calls.get(from), from, Map.of("SpeechResult", "x".repeat(70 * 1024)))).status());
    }

    @Override
    protected void providerWill(Outcome outcome, String to) {
        switch (outcome) {
            case ACCEPT -> { }
            case FAIL_ONCE_THEN_ACCEPT -> twilio.failFirstCallUpdate(calls.get(to), 500, 20500);
            case REFUSE -> twilio.failCallUpdates(calls.get(to), 400, 21220);
        }
    }

    @Override
    protected List<String> acceptedFor(String to) {
        return twilio.acceptedCallUpdates(calls.get(to)).stream().map(update -> update.get("Twiml"))
                .map(VoiceConformanceTest::said).toList();
    }

    @Override
    protected int attemptsFor(String to) {
        return twilio.callUpdates(calls.get(to)).size();
    }

    @Override
    protected void report(String to, String text, Report report) {
        throw new UnsupportedOperationException("Twilio reports nothing about a spoken reply");
    }

    /** The text of the first {@code <Say>} of a TwiML document. */
    private static String said(String twiml) {
        Matcher m = Pattern.compile("<Say[^>]*>([^<]*)</Say>").matcher(twiml);
        return m.find() ? m.group(1) : "";
    }

    /** The path the {@code <Gather>} of a TwiML answer posts what the caller said to. */
    private static String gather(String twiml) {
        Matcher m = GATHER.matcher(twiml);
        if (!m.find()) {
            throw new AssertionError("no <Gather> in " + twiml);
        }
        return m.group(1);
    }

    private static Map<String, String> call(String callSid, String from, Map<String, String> extra) {
        var form = new LinkedHashMap<String, String>();
        form.put("AccountSid", TwilioStub.ACCOUNT_SID);
        form.put("ApiVersion", "2010-04-01");
        form.put("CallSid", callSid);
        form.put("CallStatus", "in-progress");
        form.put("Direction", "inbound");
        form.put("From", from);
        form.put("To", TwilioStub.FROM);
        form.putAll(extra);
        return form;
    }
}
