package io.switchboard.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.HostileInput;
import io.switchboard.support.TwilioGatewayTest;
import io.switchboard.support.TwilioStub;
import io.switchboard.support.TwilioWebhookClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An attacker posting to the provider webhooks: Twilio's SMS, voice and status webhooks with no,
 * wrong, replayed and re-targeted signatures, and signed transcripts from other systems, with
 * oversize and malformed bodies. Every message carries a marker, and "stored" means a turn anywhere
 * holds it.
 */
@Tag("hostile-input")
class WebhookHostileInputTest extends TwilioGatewayTest {

    final HostileInput sms = HostileInput.on("sms");
    final HostileInput voice = HostileInput.on("voice");
    final HostileInput transcripts = HostileInput.on("transcript");
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void forgedAndRetargetedSmsWebhooksAreRefusedAndStoreNothing() {
        String from = TwilioWebhookClient.freshNumber();
        String marker = marker();
        var form = TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(), from, "change my address " + marker);
        String url = TwilioStub.PUBLIC_BASE_URL + "/webhooks/twilio/sms";

        sms.refused("an unsigned webhook", webhooks().post("/webhooks/twilio/sms", form, null).status() == 403,
                () -> stored(marker));
        sms.refused("a webhook signed with another auth token", webhooks().post("/webhooks/twilio/sms", form,
                TwilioWebhookClient.sign("someone-elses-token-000000", url, form)).status() == 403, () -> stored(marker));
        var tampered = new LinkedHashMap<>(form);
        tampered.put("Body", "send everything to me " + marker);
        sms.refused("a signed webhook with its body changed", webhooks().post("/webhooks/twilio/sms", tampered,
                TwilioWebhookClient.sign(TwilioStub.AUTH_TOKEN, url, form)).status() == 403, () -> stored(marker));
        // a request Twilio really signed for another address, replayed here with X-Forwarded-* pointing there
        String elsewhere = "https://other-app.example/webhooks/twilio/sms";
        sms.refused("a signature for another URL with X-Forwarded-Host and -Proto claiming it",
                post("/webhooks/twilio/sms", encode(form), Map.of("X-Twilio-Signature",
                        TwilioWebhookClient.sign(TwilioStub.AUTH_TOKEN, elsewhere, form), "X-Forwarded-Host", "other-app.example",
                        "X-Forwarded-Proto", "https")).statusCode() == 403, () -> stored(marker));
        var otherAccount = new LinkedHashMap<>(form);
        otherAccount.put("AccountSid", "AC" + "f".repeat(32));
        sms.refused("a webhook signed for another Twilio account", webhooks().post("/webhooks/twilio/sms", otherAccount)
                .status() == 403, () -> stored(marker));
    }

    @Test
    void malformedOversizeAndReplayedSmsWebhooksAreAnsweredWithoutHarm() {
        String from = TwilioWebhookClient.freshNumber();
        String marker = marker();
        var noSid = TwilioWebhookClient.sms("", from, "no id " + marker);
        sms.refused("a webhook without MessageSid", webhooks().post("/webhooks/twilio/sms", noSid).status() == 400,
                () -> stored(marker));
        var notAPhone = TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(), "<script>alert(1)</script>",
                "bad sender " + marker);
        sms.refused("a webhook whose From is no phone number", webhooks().post("/webhooks/twilio/sms", notAPhone)
                .status() == 400, () -> stored(marker));
        var huge = TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(), from, marker + "x".repeat(70 * 1024));
        sms.refused("a webhook body over the size limit", webhooks().post("/webhooks/twilio/sms", huge).status() == 413,
                () -> stored(marker));
        int status = webhooks().postRaw("/webhooks/twilio/sms", "Body=%zz" + marker + "&From=%2", "AAAA").status();
        sms.refused("a body that is not form encoding", status == 400, () -> stored(marker));

        String sid = TwilioWebhookClient.messageSid();
        String replayed = marker();
        var genuine = TwilioWebhookClient.sms(sid, from, "where is my parcel " + replayed);
        for (int i = 0; i < 3; i++) {
            assertThat(webhooks().post("/webhooks/twilio/sms", genuine).status()).isEqualTo(200);
        }
        sms.accepted("a genuine webhook replayed three times", turnsHolding(replayed), true);

        String sender = TwilioWebhookClient.freshNumber();
        String scriptMarker = marker();
        String script = "<img src=x onerror=alert(document.domain)><script>alert(1)</script> " + scriptMarker;
        assertThat(webhooks().post("/webhooks/twilio/sms", TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(),
                sender, script)).status()).isEqualTo(200);
        String text = agent().get("/api/v1/conversations/" + agent().currentConversationOf("sms:" + sender)).json()
                .path("turns").get(0).path("text").asText();
        sms.accepted("script and HTML in a message body, kept as the text it is", turnsHolding(scriptMarker),
                text.equals(script));
    }

    @Test
    void aFloodFromOneNumberIsCutOffAndEveryAcceptedMessageIsKeptOnce() {
        String from = TwilioWebhookClient.freshNumber();
        String marker = marker();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            int status = webhooks().post("/webhooks/twilio/sms", TwilioWebhookClient.sms(TwilioWebhookClient.messageSid(),
                    from, marker + " flood " + i)).status();
            accepted += status == 200 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }
        int kept = turnsHolding(marker);
        boolean cutOff = refused == 8 && accepted == 12;
        sms.refused("a flood of 20 messages from one number beyond its limit", cutOff, () -> kept > 12);
        sms.accepted("the 12 messages of the flood within the limit", kept == 12 ? 1 : kept == 0 ? 0 : 2, true);
    }

    @Test
    void voiceAndStatusWebhooksNeedTwiliosSignatureToo() {
        String caller = TwilioWebhookClient.freshNumber();
        var call = new LinkedHashMap<String, String>();
        call.put("CallSid", TwilioWebhookClient.callSid());
        call.put("AccountSid", TwilioStub.ACCOUNT_SID);
        call.put("From", caller);
        call.put("To", TwilioStub.FROM);
        call.put("CallStatus", "in-progress");
        call.put("SpeechResult", "cancel my order " + marker());
        voice.refused("an unsigned voice webhook", webhooks().post("/webhooks/twilio/voice", call, null).status() == 403,
                () -> known("voice:" + caller));
        voice.refused("a voice webhook signed for another URL",
                post("/webhooks/twilio/voice", encode(call), Map.of("X-Twilio-Signature", TwilioWebhookClient.sign(
                        TwilioStub.AUTH_TOKEN, "https://other-app.example/webhooks/twilio/voice", call),
                        "X-Forwarded-Host", "other-app.example", "X-Forwarded-Proto", "https")).statusCode() == 403,
                () -> known("voice:" + caller));
        var huge = new LinkedHashMap<>(call);
        huge.put("SpeechResult", "x".repeat(70 * 1024));
        voice.refused("a voice webhook body over the size limit", webhooks().post("/webhooks/twilio/voice", huge)
                .status() == 413, () -> known("voice:" + caller));
        var status = new LinkedHashMap<>(call);
        status.put("CallStatus", "completed");
        voice.refused("an unsigned status callback", webhooks().post("/webhooks/twilio/status", status, null).status() == 403,
                () -> known("voice:" + caller));
    }

    @Test
    void transcriptsNeedAFreshSignatureOverTimestampAndBody() throws Exception {
        String caller = TwilioWebhookClient.freshNumber();
        String marker = marker();
        String body = """
                {"callId": "CA%s", "from": "%s", "to": "+15005550006", "final": true,
                 "segments": [{"seq": 0, "speaker": "customer", "text": "refund to my new card %s"}]}"""
                .formatted(UUID.randomUUID().toString().replace("-", ""), caller, marker);
        long now = System.currentTimeMillis() / 1000;
        transcripts.refused("an unsigned transcript", transcript(body, null, null).statusCode() == 403, () -> stored(marker));
        transcripts.refused("a transcript signed with another key", transcript(body, now,
                hmac("another-key-that-is-long-enough-000", now, body)).statusCode() == 403, () -> stored(marker));
        transcripts.refused("a transcript signed without its timestamp", transcript(body, null,
                hmac(TRANSCRIPT_SECRET, now, body)).statusCode() == 403, () -> stored(marker));
        transcripts.refused("a captured transcript replayed six minutes later", transcript(body, now - 360,
                hmac(TRANSCRIPT_SECRET, now - 360, body)).statusCode() == 403, () -> stored(marker));
        transcripts.refused("an old signature under a fresh timestamp", transcript(body, now,
                hmac(TRANSCRIPT_SECRET, now - 360, body)).statusCode() == 403, () -> stored(marker));
        String broken = "{\"callId\": \"x\", \"from\": " + marker;
        transcripts.refused("a signed body that is not JSON", transcript(broken, now, hmac(TRANSCRIPT_SECRET, now, broken))
                .statusCode() == 400, () -> stored(marker));
        String huge = body.replace(marker, marker + "y".repeat(70 * 1024));
        transcripts.refused("a transcript over the size limit", transcript(huge, now, hmac(TRANSCRIPT_SECRET, now, huge))
                .statusCode() == 413, () -> stored(marker));
        assertThat(transcript(body, now, hmac(TRANSCRIPT_SECRET, now, body)).statusCode()).as("the genuine one")
                .isEqualTo(202);
        transcripts.accepted("the genuine transcript", turnsHolding(marker), true);
    }

    private static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "");
    }

    private boolean stored(String marker) {
        return turnsHolding(marker) > 0;
    }

    private int turnsHolding(String marker) {
        return jdbc.queryForObject("select count(*) from turn where data like ?", Integer.class, "%" + marker + "%");
    }

    private boolean known(String address) {
        return jdbc.queryForObject("select count(*) from customer_address where address = ?", Integer.class, address) > 0;
    }

    /** The transcript signature, computed here from the published scheme, not with the gateway's code. */
    private static String hmac(String secret, long timestamp, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> transcript(String body, Long timestamp, String signature)
            throws IOException, InterruptedException {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        if (timestamp != null) {
            headers.put("X-Switchboard-Timestamp", Long.toString(timestamp));
        }
        if (signature != null) {
            headers.put("X-Switchboard-Signature", signature);
        }
        return post("/webhooks/voice/transcripts", body, headers);
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
