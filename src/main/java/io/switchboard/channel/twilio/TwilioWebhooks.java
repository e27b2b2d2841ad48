package io.switchboard.channel.twilio;

import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Envelope;
import com.twilio.security.RequestValidator;
import io.switchboard.channel.webhook.WebhookAnswer;
import io.switchboard.channel.webhook.WebhookRequest;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code X-Twilio-Signature} with the SDK's {@link RequestValidator}: HMAC-SHA1 of the URL
 * Twilio called plus the sorted POST fields, keyed by the auth token. The URL is the public base
 * URL plus the path and query. {@code X-Forwarded-*} headers are never read here: anyone can send
 * them. Only with {@code server.forward-headers-strategy=native} is the URL the server itself rebuilt
 * tried as well, and the server rebuilds it only from the proxies it trusts
 * ({@code server.tomcat.remoteip.internal-proxies}, {@code .trusted-proxies}).
 */
public final class TwilioWebhooks {

    public static final String SIGNATURE = "X-Twilio-Signature";
    /** Where Twilio reports what became of messages and calls. */
    public static final String STATUS_PATH = "/webhooks/twilio/status";
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

    private final TwilioProperties properties;
    private final String publicBaseUrl;
    private final boolean trustedProxies;

    TwilioWebhooks(TwilioProperties properties, String publicBaseUrl, boolean trustedProxies) {
        this.properties = properties;
        this.trustedProxies = trustedProxies;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    public boolean enabled() {
        return properties.configured();
    }

    /**
     * What every Twilio webhook checks first, in this order: Twilio is configured (else 503), the
     * request carries Twilio's signature (else 403, nothing stored), and it is for this gateway's
     * account (else 403). Returns the form fields, or empty when it has answered the request.
     */
    public Optional<Map<String, String>> admit(Exchange exchange, String what) {
        if (!enabled()) {
            WebhookAnswer.stop(exchange, 503, "text/plain", what + " is not configured on this gateway");
            return Optional.empty();
        }
        WebhookRequest request = WebhookRequest.of(exchange);
        Map<String, String> form = request.form();
        if (!verify(request, form)) {
            WebhookAnswer.stop(exchange, 403, "text/plain", "signature does not verify");
            return Optional.empty();
        }
        if (!properties.accountSid().equals(form.get("AccountSid"))) {
            log.warn("Twilio webhook {} refused: for another Twilio account", request.servlet().getRequestURI());
            WebhookAnswer.stop(exchange, 403, "text/plain", "not this gateway's account");
            return Optional.empty();
        }
        return Optional.of(form);
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
    /**
     * The status callback URL of a message sent on any Twilio channel: it names the channel, the
     * idempotency key and, for a turn, the conversation and sequence number, so a receipt finds its
     * turn without a lookup ({@link TwilioStatusCallbacks}).
     */
    public URI statusCallback(Exchange exchange, Envelope envelope) {
        var query = new StringBuilder("?k=").append(encode(exchange.getMessage()
                .getHeader(EnvelopeHeaders.IDEMPOTENCY_KEY, envelope.id(), String.class)))
                .append("&ch=").append(encode(envelope.channel()));
        Long seq = exchange.getMessage().getHeader(EnvelopeHeaders.TURN_SEQ, Long.class);
        if (envelope.conversationId() != null && seq != null) {
            query.append("&c=").append(encode(envelope.conversationId())).append("&s=").append(seq);
        }
        return publicUrl(STATUS_PATH + query);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public URI publicUrl(String pathAndQuery) {
        return URI.create(publicBaseUrl + pathAndQuery);
    }

    private Set<String> candidateUrls(WebhookRequest request) {
        var urls = new LinkedHashSet<String>();
        String pathAndQuery = request.pathAndQuery();
        urls.add(publicBaseUrl + pathAndQuery);
        if (trustedProxies) {
            String query = request.servlet().getQueryString();
            urls.add(request.servlet().getRequestURL() + (query == null ? "" : "?" + query));
        }
        return urls;
    }
}
