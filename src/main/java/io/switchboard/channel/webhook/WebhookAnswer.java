package io.switchboard.channel.webhook;

import org.apache.camel.Exchange;

/**
 * The answer a webhook gives its caller, set on the exchange: status, content type and body, and
 * nothing of the request or the pipeline as a response header (but {@code Retry-After} on a 429).
 */
public final class WebhookAnswer {

    private WebhookAnswer() {
    }

    /** Answers and stops the route: nothing after this step runs. */
    public static void stop(Exchange exchange, int status, String contentType, String body) {
        set(exchange, status, contentType, body);
        exchange.setRouteStop(true);
    }

    /** Sets the answer; the route goes on (a last step answering what the pipeline did). */
    public static void set(Exchange exchange, int status, String contentType, String body) {
        var message = exchange.getMessage();
        Object retryAfter = message.getHeader("Retry-After");
        message.removeHeaders("*");
        if (status == 429 && retryAfter != null) {
            message.setHeader("Retry-After", retryAfter);
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }
}
