package io.switchboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The inbox page's session as a browser holds it: signed in with the login form (and its CSRF
 * token), a session cookie, the CSRF token the page sends back with every change.
 */
public final class PageSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private String csrfHeader;
    private String csrfToken;

    private PageSession(int port) {
        this.base = "http://localhost:" + port;
    }

    /** Signs in with the form; fails unless the gateway sends the page on to the inbox. */
    public static PageSession signIn(int port, String username, String password) {
        var page = new PageSession(port);
        JsonNode options = page.json(page.send(HttpRequest.newBuilder(URI.create(page.base + "/inbox/login-options"))));
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&"
                + encode(options.path("parameterName").asText()) + "=" + encode(options.path("token").asText());
        var signedIn = page.send(HttpRequest.newBuilder(URI.create(page.base + "/inbox/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (signedIn.statusCode() != 302 || !signedIn.headers().firstValue("Location").orElse("").endsWith("/inbox/")) {
            throw new AssertionError("sign-in of " + username + " failed: " + signedIn.statusCode() + " "
                    + signedIn.headers().firstValue("Location").orElse(""));
        }
        JsonNode session = page.json(page.get("/api/v1/session"));
        page.csrfHeader = session.path("csrfHeader").asText();
        page.csrfToken = session.path("csrfToken").asText();
        return page;
    }

    /** A background call of the page (no dialog on 401). */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Requested-With", "XMLHttpRequest")
                .header("Accept", "application/json"));
    }

    /** A change as the page makes it: with the CSRF token, plus any extra headers. */
    public HttpResponse<String> post(String path, String json, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).header("X-Requested-With", "XMLHttpRequest")
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request);
    }

    /** The live-update stream the page keeps open; the future completes when the gateway ends it. */
    public java.util.concurrent.CompletableFuture<HttpResponse<String>> liveUpdates() {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/inbox/events"))
                .header("Accept", "text/event-stream").header("X-Requested-With", "XMLHttpRequest").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public String csrfHeader() {
        return csrfHeader;
    }

    public String csrfToken() {
        return csrfToken;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
