package io.switchboard.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLEncoder;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A local stand-in for Twilio's REST API (WireMock on a free port) shaped after Twilio's OpenAPI
 * description: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} answers 201 with a
 * Message resource, {@code POST .../Calls/{CallSid}.json} 200 with a Call; both need basic auth.
 * The real SDK calls it over HTTP; tests read what it received.
 */
public final class TwilioStub implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC" + "0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "test-auth-token-0123456789";
    public static final String FROM = "+15005550006";
    public static final String PUBLIC_BASE_URL = "https://switchboard.example.com";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    static final String CALLS = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/CA[0-9a-f]{32}\\.json";

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
            .globalTemplating(true).containerThreads(20).jettyStopTimeout(1000L));

    public TwilioStub() {
        server.start();
        acceptMessages();
        acceptCallUpdates();
    }

    /** The settings that point a gateway at this stub with the test account. */
    public String[] settings() {
        return new String[] {
            "switchboard.twilio.api-base-url=" + baseUrl(),
            "switchboard.twilio.account-sid=" + ACCOUNT_SID,
            "switchboard.twilio.auth-token=" + AUTH_TOKEN,
            "switchboard.twilio.from-number=" + FROM,
            "switchboard.public-base-url=" + PUBLIC_BASE_URL,
        };
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Messages are created (201), as Twilio does for a well-formed request. */
    public void acceptMessages() {
        server.stubFor(post(urlPathMatching(MESSAGES.replace(".", "\\."))).atPriority(5)
                .withBasicAuth(ACCOUNT_SID, AUTH_TOKEN)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                        {"sid": "SM{{randomValue length=32 type='HEXADECIMAL' lowercase=true}}",
                         "account_sid": "%s", "status": "queued", "num_segments": "1",
                         "direction": "outbound-api", "api_version": "2010-04-01"}""".formatted(ACCOUNT_SID))));
    }

    /** Message requests answer {@code status} with a Twilio error body (until {@link #acceptMessages()}). */
    public void failMessages(int status, int twilioCode) {
        server.stubFor(post(urlPathMatching(MESSAGES.replace(".", "\\."))).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": %d, \"message\": \"stubbed failure\", \"status\": %d}"
                                .formatted(twilioCode, status))));
    }

    /** Message requests to {@code to} answer {@code status} with a Twilio error body. */
    public void failMessagesTo(String to, int status, int twilioCode) {
        server.stubFor(post(urlPathMatching(MESSAGES.replace(".", "\\."))).atPriority(1)
                .withRequestBody(toField(to))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": %d, \"message\": \"stubbed failure\", \"status\": %d}"
                                .formatted(twilioCode, status))));
    }

    /** The first message request to {@code to} gets no answer for {@code delay}; later ones are accepted. */
    public void hangFirstMessageTo(String to, Duration delay) {
        String scenario = "hang-" + to;
        server.stubFor(post(urlPathMatching(MESSAGES.replace(".", "\\."))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .withRequestBody(toField(to))
                .willReturn(aResponse().withFixedDelay((int) delay.toMillis()).withStatus(201)
                        .withHeader("Content-Type", "application/json").withBody("{\"sid\": \"SMhung\"}")));
    }

    /** The first message request to {@code to} answers {@code status}; later ones are accepted. */
    public void failFirstMessageTo(String to, int status, int twilioCode) {
        String scenario = "fail-" + to;
        server.stubFor(post(urlPathMatching(MESSAGES.replace(".", "\\."))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed")
                .withRequestBody(toField(to))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": %d, \"message\": \"stubbed failure\", \"status\": %d}"
                                .formatted(twilioCode, status))));
    }

    /** Form fields of the message requests to {@code to} that were created (201), oldest first. */
    public List<Map<String, String>> acceptedTo(String to) {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(MESSAGES) && e.getResponse().getStatus() == 201)
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .map(e -> form(e.getRequest())).filter(f -> to.equals(f.get("To"))).toList();
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern toField(String to) {
        return matching("(?s)(.*&)?To=" + java.util.regex.Pattern.quote(URLEncoder.encode(to, StandardCharsets.UTF_8))
                + "(&.*)?");
    }

    /** Message requests that the stub answered with {@code status}, per idempotency key. */
    public Map<String, Long> answeredPerKey(int status) {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(MESSAGES) && e.getResponse().getStatus() == status)
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .map(e -> idempotencyKey(form(e.getRequest())))
                .collect(Collectors.groupingBy(k -> k, LinkedHashMap::new, Collectors.counting()));
    }

    /** Back to normal: every override removed. */
    public void recover() {
        server.resetMappings();
        acceptMessages();
        acceptCallUpdates();
    }

    public void acceptCallUpdates() {
        server.stubFor(post(urlPathMatching(CALLS)).atPriority(5).withBasicAuth(ACCOUNT_SID, AUTH_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"account_sid\": \"%s\", \"status\": \"in-progress\"}".formatted(ACCOUNT_SID))));
    }

    /** Updates of {@code callSid} answer {@code status} with a Twilio error body (the call ended: 400, 21220). */
    public void failCallUpdates(String callSid, int status, int twilioCode) {
        server.stubFor(post(urlPathEqualTo(call(callSid))).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": %d, \"message\": \"stubbed failure\", \"status\": %d}"
                                .formatted(twilioCode, status))));
    }

    /** The first update of {@code callSid} answers {@code status}; later ones are accepted. */
    public void failFirstCallUpdate(String callSid, int status, int twilioCode) {
        server.stubFor(post(urlPathEqualTo(call(callSid))).atPriority(1)
                .inScenario("fail-" + callSid).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed")
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": %d, \"message\": \"stubbed failure\", \"status\": %d}"
                                .formatted(twilioCode, status))));
    }

    /** Form fields of the updates of {@code callSid} the stub accepted (200), oldest first. */
    public List<Map<String, String>> acceptedCallUpdates(String callSid) {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(call(callSid)) && e.getResponse().getStatus() == 200)
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .map(e -> form(e.getRequest())).toList();
    }

    private static String call(String callSid) {
        return "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + callSid + ".json";
    }

    /** Form fields of every message request received, oldest first. */
    public List<Map<String, String>> messageRequests() {
        return requests(MESSAGES);
    }

    /** Form fields of every call update received, oldest first. */
    public List<Map<String, String>> callUpdates() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().matches(CALLS)).sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()))
                .map(TwilioStub::form).toList();
    }

    /** Updates of one call (its TwiML), oldest first. */
    public List<Map<String, String>> callUpdates(String callSid) {
        return requests(call(callSid));
    }

    /** Message requests to {@code to}. */
    public List<Map<String, String>> messagesTo(String to) {
        return messageRequests().stream().filter(f -> to.equals(f.get("To"))).toList();
    }

    public static String idempotencyKey(Map<String, String> form) {
        String callback = form.getOrDefault("StatusCallback", "");
        return query(callback).getOrDefault("k", "");
    }

    public static Map<String, String> query(String url) {
        String query = URI.create(url).getRawQuery();
        return query == null ? Map.of() : parse(query);
    }

    private List<Map<String, String>> requests(String path) {
        return server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith(path))
                .sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()))
                .map(TwilioStub::form).toList();
    }

    private static Map<String, String> form(LoggedRequest request) {
        var fields = new LinkedHashMap<>(parse(request.getBodyAsString()));
        fields.put("_authorization", String.valueOf(request.getHeader("Authorization")));
        return fields;
    }

    private static Map<String, String> parse(String encoded) {
        Function<String, String> decode = s -> URLDecoder.decode(s, StandardCharsets.UTF_8);
        var fields = new LinkedHashMap<String, String>();
        for (String pair : encoded.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                fields.put(decode.apply(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode.apply(pair.substring(eq + 1)));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop();
    }
}
