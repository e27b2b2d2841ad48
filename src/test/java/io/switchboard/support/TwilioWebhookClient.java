package io.switchboard.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts webhooks to a gateway the way Twilio does: form fields, signed with {@code X-Twilio-Signature}
 * (HMAC-SHA1 over the public URL plus the sorted fields, keyed by the auth token, Base64). The signer
 * is written here from Twilio's description, independently of the SDK the gateway checks with.
 */
public final class TwilioWebhookClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String publicBaseUrl;
    private final String authToken;

    public TwilioWebhookClient(int port, String publicBaseUrl, String authToken) {
        this.port = port;
        this.publicBaseUrl = publicBaseUrl;
        this.authToken = authToken;
    }

    public static TwilioWebhookClient forStub(int port) {
        return new TwilioWebhookClient(port, TwilioStub.PUBLIC_BASE_URL, TwilioStub.AUTH_TOKEN);
    }

    /** The answer: status, body, and the Retry-After header (empty when absent). */
    public record Response(int status, String body, String retryAfter) {
    }

    /** Twilio's signature of a request to {@code url} with {@code params}. */
    public static String sign(String authToken, String url, Map<String, String> params) {
        var data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correctly signed POST of {@code form} to {@code pathAndQuery}. */
    public Response post(String pathAndQuery, Map<String, String> form) {
        return post(pathAndQuery, form, sign(authToken, publicBaseUrl + pathAndQuery, form));
    }

    /** A POST with the given signature (null: none). */
    public Response post(String pathAndQuery, Map<String, String> form, String signature) {
        return postRaw(pathAndQuery, encode(form), signature);
    }

    public Response postRaw(String pathAndQuery, String body, String signature) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(""));
        } catch (IOException e) {
            throw new AssertionError("webhook request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The fields of an incoming SMS as Twilio posts them. */
    public static Map<String, String> sms(String messageSid, String from, String body) {
        var form = new LinkedHashMap<String, String>();
        form.put("ToCountry", "US");
        form.put("SmsMessageSid", messageSid);
        form.put("NumMedia", "0");
        form.put("SmsSid", messageSid);
        form.put("SmsStatus", "received");
        form.put("Body", body);
        form.put("To", TwilioStub.FROM);
        form.put("NumSegments", "1");
        form.put("MessageSid", messageSid);
        form.put("AccountSid", TwilioStub.ACCOUNT_SID);
        form.put("From", from);
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    /** A fresh message SID. */
    public static String messageSid() {
        return "SM" + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    /** A fresh call SID. */
    public static String callSid() {
        return "CA" + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    /** A US number no other test uses. */
    public static String freshNumber() {
        return "+1415" + (2_000_000 + (int) (Math.random() * 7_999_999));
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
