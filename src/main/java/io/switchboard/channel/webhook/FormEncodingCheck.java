package io.switchboard.channel.webhook;

import io.switchboard.system.RequestBodyLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 400 a webhook whose query or form body is not form encoding that decodes (a broken
 * {@code %} escape), before anything (Camel's HTTP binding included) tries to read its fields.
 */
class FormEncodingCheck extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FormEncodingCheck.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = request.getContentType() != null
                && request.getContentType().toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
        byte[] body = (byte[]) request.getAttribute(RequestBodyLimit.RAW_BODY);
        if ((request.getQueryString() != null && !WebhookRequest.decodable(request.getQueryString()))
                || (form && body != null && !WebhookRequest.decodable(new String(body, StandardCharsets.US_ASCII)))) {
            log.warn("webhook {} refused: not valid form encoding", request.getRequestURI());
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "the query or body is not valid form encoding");
            return;
        }
        chain.doFilter(request, response);
    }
}
