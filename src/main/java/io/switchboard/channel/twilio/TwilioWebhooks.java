package io.switchboard.channel.twilio;

import com.twilio.security.RequestValidator;
import io.switchboard.channel.webhook.WebhookRequest;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code X-Twilio-Signature} with the SDK's {@link RequestValidator}: HMAC-SHA1 of the URL
 * Twilio called plus the sorted POST fields, keyed by the auth token. The URL is the public base
 * URL plus the path and query; behind a proxy, the one the {@code X-Forwarded-*} headers describe
 * is tried as well.
 */
public final class TwilioWebhooks {

    public static final String SIGNATURE = "X-Twilio-Signature";
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

    private final TwilioProperties properties;
    private final String publicBaseUrl;

    TwilioWebhooks(TwilioProperties properties, String publicBaseUrl) {
        this.properties = properties;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    public boolean enabled() {
        return properties.configured();
    }

    /** True when the request carries Twilio's signature over exactly these fields. */
    public boolean verify(WebhookRequest request, Map<String, String> form) {
        String signature = request.header(SIGNATURE).orElse(null);
        if (signature == null || properties.authToken() == null) {
            log.warn("Twilio webhook {} refused: no signature", request.servlet().getRequestURI());
            return false;
        }
        var validator = new RequestValidator(properties.authToken());
        for (String url : candidateUrls(request)) {
            if (validator.validate(url, form, signature)) {
                return true;
            }
        }
        log.warn("Twilio webhook {} refused: signature does not match", request.servlet().getRequestURI());
        return false;
    }

    /** The URL Twilio is told to call for {@code path} (status callbacks, Gather actions). */
    public URI publicUrl(String pathAndQuery) {
        return URI.create(publicBaseUrl + pathAndQuery);
    }

    private Set<String> candidateUrls(WebhookRequest request) {
        var urls = new LinkedHashSet<String>();
        String pathAndQuery = request.pathAndQuery();
        urls.add(publicBaseUrl + pathAndQuery);
        request.header("X-Forwarded-Host").ifPresent(host -> {
            String proto = request.header("X-Forwarded-Proto").orElse(request.servlet().getScheme());
            String prefix = request.header("X-Forwarded-Prefix").orElse("");
            urls.add(first(proto) + "://" + first(host) + first(prefix) + pathAndQuery);
        });
        return urls;
    }

    private static String first(String header) {
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
