package io.switchboard.channel.webhook;

import io.switchboard.system.RequestBodyLimit;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * A webhook request as it arrived: raw body, form fields decoded exactly once, the path and query
 * the provider signed.
 */
public record WebhookRequest(HttpServletRequest servlet, byte[] body) {

    /** The request behind a platform-http exchange. */
    public static WebhookRequest of(Exchange exchange) {
        Message message = exchange.getMessage();
        if (!(message instanceof PlatformHttpMessage http)) {
            throw new IllegalStateException("not a platform-http exchange");
        }
        return of(http.getRequest());
    }

    public static WebhookRequest of(HttpServletRequest request) {
        byte[] body = (byte[]) request.getAttribute(RequestBodyLimit.RAW_BODY);
        return new WebhookRequest(request, body == null ? new byte[0] : body);
    }

    /** Form fields of an {@code application/x-www-form-urlencoded} body, decoded once. */
    public Map<String, String> form() {
        return decodeForm(new String(body, StandardCharsets.US_ASCII));
    }

    private static Map<String, String> decodeForm(String text) {
        var fields = new LinkedHashMap<String, String>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    /** A query parameter of the URL the provider called. */
    public Optional<String> query(String name) {
        String query = servlet.getQueryString();
        return query == null ? Optional.empty() : Optional.ofNullable(decodeForm(query).get(name));
    }

    /** Path and query as requested, e.g. {@code /webhooks/twilio/voice?g=abc}. */
    public String pathAndQuery() {
        String query = servlet.getQueryString();
        return servlet.getRequestURI() + (query == null ? "" : "?" + query);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(servlet.getHeader(name));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** True when the text is form encoding that decodes (no broken {@code %} escape). */
    static boolean decodable(String text) {
        try {
            decodeForm(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
