package io.switchboard.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A stand-in for an OAuth2 token endpoint (RFC 6749 section 5) on loopback, as Microsoft's and
 * Google's answer: it checks the client's id and secret sent in the form, and for the refresh-token
 * grant the refresh token, and issues a new access token on each request, valid for
 * {@code expiresIn} seconds. {@code onIssue} learns each token (a test mail server's login takes it).
 * It can be switched off (503) and it records every request's form.
 */
public final class TokenEndpoint implements AutoCloseable {

    public static final String CLIENT_ID = "switchboard-test-client";
    public static final String CLIENT_SECRET = "test-secret-%&=";
    public static final String REFRESH_TOKEN = "1//refresh-test";

    private final HttpServer server;
    private final AtomicInteger issued = new AtomicInteger();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final int expiresIn;
    private final Consumer<String> onIssue;
    private volatile boolean down;

    public TokenEndpoint(int expiresIn, Consumer<String> onIssue) throws IOException {
        this.expiresIn = expiresIn;
        this.onIssue = onIssue;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(form);
            int status;
            String body;
            if (down) {
                status = 503;
                body = "{\"error\":\"temporarily_unavailable\"}";
            } else if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
                status = 401;
                body = "{\"error\":\"invalid_client\"}";
            } else if ("refresh_token".equals(form.get("grant_type")) && !REFRESH_TOKEN.equals(form.get("refresh_token"))) {
                status = 400;
                body = "{\"error\":\"invalid_grant\"}";
            } else if (!"client_credentials".equals(form.get("grant_type"))
                    && !"refresh_token".equals(form.get("grant_type"))) {
                status = 400;
                body = "{\"error\":\"unsupported_grant_type\"}";
            } else {
                String token = "access-" + issued.incrementAndGet();
                onIssue.accept(token);
                status = 200;
                body = "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public void down(boolean down) {
        this.down = down;
    }

    /** Tokens issued so far. */
    public int issued() {
        return issued.get();
    }

    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    private static Map<String, String> form(String body) {
        var form = new HashMap<String, String>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
