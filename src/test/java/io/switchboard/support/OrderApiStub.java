package io.switchboard.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.switchboard.tools.OrderProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A stand-in for a shop's order API over real HTTP: {@code GET /orders/{number}} answers the orders
 * put in (JSON: status, customer e-mail and phone, expected delivery, shipment carrier and tracking
 * link), 404 for others, 401 without the bearer token; it can be made to fail or to be slow.
 */
public final class OrderApiStub implements AutoCloseable {

    public static final String TOKEN = "Bearer order-api-test-token";

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    public OrderApiStub() {
        server.start();
        server.stubFor(get(urlPathMatching("/orders/.*")).atPriority(10).willReturn(aResponse().withStatus(404)));
        server.stubFor(get(urlPathMatching("/orders/.*")).atPriority(1)
                .withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401)));
    }

    /** The order tool's settings as the gateway would bind them, with the defaults but {@code base-url}. */
    public static OrderProperties properties(String baseUrl) {
        return properties(baseUrl, Map.of());
    }

    /** As {@link #properties(String)}, with these settings too (keys under {@code switchboard.tools.orders.}). */
    public static OrderProperties properties(String baseUrl, Map<String, String> settings) {
        var all = new HashMap<String, String>();
        settings.forEach((key, value) -> all.put("switchboard.tools.orders." + key, value));
        all.put("switchboard.tools.orders.base-url", baseUrl);
        return new Binder(new MapConfigurationPropertySource(all)).bind("switchboard.tools.orders", OrderProperties.class)
                .get();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** An order of the customer with this e-mail address and phone number. */
    public void order(String number, String status, String email, String phone) {
        server.stubFor(get(urlPathEqualTo("/orders/" + number)).atPriority(5)
                .withHeader("Authorization", equalTo(TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"number": "%s", "status": "%s", "customer": {"email": "%s", "phone": "%s"},
                         "expectedDelivery": "2030-01-10",
                         "shipment": {"carrier": "DHL", "trackingUrl": "https://track.example/%s"}}"""
                        .formatted(number, status, email, phone, number))));
    }

    /**
     * The orders listed as the recent ones of this e-mail address ({@code GET /customers/{email}/orders}),
     * each {@code number:status:owner e-mail}.
     */
    public void recent(String email, String... orders) {
        var items = new ArrayList<String>();
        for (String order : orders) {
            String[] part = order.split(":", 3);
            items.add("{\"number\": \"%s\", \"status\": \"%s\", \"customer\": {\"email\": \"%s\"}}"
                    .formatted(part[0], part[1], part[2]));
        }
        // the address travels percent-encoded in the path, as the gateway sends it
        server.stubFor(get(urlPathEqualTo("/customers/" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "/orders"))
                .atPriority(5)
                .withHeader("Authorization", equalTo(TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"orders\": [" + String.join(", ", items) + "]}")));
    }

    /** An order whose answer is padded to more than {@code bytes}. */
    public void oversized(String number, int bytes) {
        server.stubFor(get(urlPathEqualTo("/orders/" + number)).atPriority(5)
                .withHeader("Authorization", equalTo(TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"number\": \"" + number + "\", \"status\": \"Shipped\", \"notes\": \""
                                + "x".repeat(bytes) + "\"}")));
    }

    /** The order system answers an action's {@code POST} on this order with this HTTP status. */
    public void action(String number, String action, int status) {
        server.stubFor(post(urlPathEqualTo("/orders/" + number + "/" + action)).atPriority(5)
                .withHeader("Authorization", equalTo(TOKEN))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"number\": \"" + number + "\"}")));
    }

    /** The actions asked of the order system ({@code POST /orders/{number}/{action}}), in order. */
    public List<LoggedRequest> actions() {
        return server.findAll(postRequestedFor(urlPathMatching("/orders/.*")));
    }

    /** From now on every lookup fails with this HTTP status. */
    public void failWith(int status) {
        server.stubFor(get(urlPathMatching("/orders/.*")).atPriority(0).willReturn(aResponse().withStatus(status)));
    }

    /** From now on every lookup answers after this many milliseconds. */
    public void slowBy(int millis) {
        server.stubFor(get(urlPathMatching("/orders/.*")).atPriority(0)
                .willReturn(aResponse().withStatus(200).withFixedDelay(millis).withBody("{}")));
    }

    public List<LoggedRequest> lookups() {
        return server.findAll(getRequestedFor(urlPathMatching("/orders/.*")));
    }

    @Override
    public void close() {
        server.stop();
    }
}
