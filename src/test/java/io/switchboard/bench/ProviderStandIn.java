package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.support.TwilioStub;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's REST API as the gateway calls it, on a loopback port (the JDK's HTTP server: WireMock
 * does not keep up with thousands of messages a second): it accepts every message, remembers when
 * each recipient got their first one, and counts each idempotency key, so a reply sent twice shows.
 * Also an OpenAI-compatible chat model at {@code /v1}: it answers with the first knowledge passage
 * it was given (so the answer is grounded) and remembers the size of the last prompt.
 */
final class ProviderStandIn implements AutoCloseable {

    private static final String ACCOUNT = "/2010-04-01/Accounts/" + TwilioStub.ACCOUNT_SID;
    private static final Pattern MESSAGES = Pattern.compile(Pattern.quote(ACCOUNT + "/Messages.json"));
    private static final Pattern CALLS = Pattern.compile(Pattern.quote(ACCOUNT + "/Calls/") + "CA[0-9a-f]{32}\\.json");
    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString(
            (TwilioStub.ACCOUNT_SID + ":" + TwilioStub.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
    private static final String AI_LABEL = "Automated assistant:";
    private static final String COMPLETIONS = "/v1/chat/completions";
    private static final Pattern KNOWLEDGE = Pattern.compile("<knowledge>\\s*(.+?)(?:\\n\\n|\\s*</knowledge>)", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Map<String, Long> firstArrivals = new ConcurrentHashMap<>();
    private final Map<String, Integer> requestsPerKey = new ConcurrentHashMap<>();
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicInteger aiReplies = new AtomicInteger();
    private final AtomicInteger lastPromptChars = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean refusing;

    ProviderStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The settings that point a gateway at this stand-in with the test account. */
    List<String> settings() {
        return List.of(
                "switchboard.twilio.api-base-url=" + baseUrl(),
                "switchboard.twilio.account-sid=" + TwilioStub.ACCOUNT_SID,
                "switchboard.twilio.auth-token=" + TwilioStub.AUTH_TOKEN,
                "switchboard.twilio.from-number=" + TwilioStub.FROM,
                "switchboard.public-base-url=" + TwilioStub.PUBLIC_BASE_URL);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@link System#nanoTime()} when the first message to {@code to} arrived, or null. */
    Long firstArrivalTo(String to) {
        return firstArrivals.get(to);
    }

    /** Messages accepted so far. */
    int messages() {
        return messages.get();
    }

    /** Messages that were the embedded responder's answers (they start with the assistant's label). */
    int aiReplies() {
        return aiReplies.get();
    }

    /** Characters of every message of the last prompt the model got. */
    int lastPromptChars() {
        return lastPromptChars.get();
    }

    /**
     * While true, every message is refused with Twilio's 503 and not counted, as during an outage of
     * the provider: the gateway keeps its replies in the outbox and retries them.
     */
    void refuse(boolean refusing) {
        this.refusing = refusing;
    }

    /** Messages refused while {@link #refuse(boolean) refusing}. */
    int refused() {
        return refused.get();
    }

    /** Distinct idempotency keys accepted: replies delivered, each counted once. */
    int keysReceived() {
        return requestsPerKey.size();
    }

    /** Idempotency keys that came in more than one request: replies sent twice. */
    long keysSentTwice() {
        return requestsPerKey.values().stream().filter(count -> count > 1).count();
    }

    /** Waits until no message has arrived for {@code quietMillis}, at most {@code maxMillis}. */
    void awaitQuiet(long quietMillis, long maxMillis) {
        var seen = new AtomicInteger(-1);
        var since = new AtomicLong();
        Benchmark.awaitAtMost(Duration.ofMillis(maxMillis), Duration.ofMillis(100), () -> {
            int now = messages();
            if (seen.getAndSet(now) != now) {
                since.set(System.nanoTime());
                return false;
            }
            return System.nanoTime() - since.get() >= Duration.ofMillis(quietMillis).toNanos();
        });
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.nanoTime();
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{\"code\": 20004, \"message\": \"Method not allowed\", \"status\": 405}");
            } else if (COMPLETIONS.equals(path)) {
                answer(exchange, 200, completion(JSON.readTree(body)));
            } else if (!AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"code\": 20003, \"message\": \"Authenticate\", \"status\": 401}");
            } else if (MESSAGES.matcher(path).matches() && refusing) {
                refused.incrementAndGet();
                answer(exchange, 503, "{\"code\": 20503, \"message\": \"Service unavailable\", \"status\": 503}");
            } else if (MESSAGES.matcher(path).matches()) {
                record(form(new String(body, StandardCharsets.UTF_8)), arrived);
                answer(exchange, 201, """
                        {"sid": "SM%s", "account_sid": "%s", "status": "queued", "num_segments": "1",
                         "direction": "outbound-api", "api_version": "2010-04-01"}"""
                        .formatted(hex32(), TwilioStub.ACCOUNT_SID));
            } else if (CALLS.matcher(path).matches()) {
                answer(exchange, 200, "{\"account_sid\": \"%s\", \"status\": \"in-progress\"}".formatted(TwilioStub.ACCOUNT_SID));
            } else {
                answer(exchange, 404, "{\"code\": 20404, \"message\": \"Not found\", \"status\": 404}");
            }
        }
    }

    private void record(Map<String, String> form, long arrived) {
        messages.incrementAndGet();
        firstArrivals.putIfAbsent(form.getOrDefault("To", ""), arrived);
        if (form.getOrDefault("Body", "").startsWith(AI_LABEL)) {
            aiReplies.incrementAndGet();
        }
        String key = TwilioStub.idempotencyKey(form);
        if (!key.isEmpty()) {
            requestsPerKey.merge(key, 1, Integer::sum);
        }
    }

    /** The first knowledge passage of the prompt as the model's answer, in OpenAI's chat completion format. */
    private String completion(JsonNode request) throws IOException {
        int chars = 0;
        String last = "";
        for (JsonNode message : request.path("messages")) {
            last = message.path("content").asText();
            chars += last.length();
        }
        lastPromptChars.set(chars);
        Matcher passage = KNOWLEDGE.matcher(last);
        String answer = passage.find() ? passage.group(1).strip() : "I do not know.";
        ObjectNode response = JSON.createObjectNode().put("id", "chatcmpl-" + hex32()).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", request.path("model").asText());
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer);
        response.putObject("usage").put("prompt_tokens", chars / 4).put("completion_tokens", answer.length() / 4)
                .put("total_tokens", (chars + answer.length()) / 4);
        return JSON.writeValueAsString(response);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> form(String encoded) {
        var fields = new HashMap<String, String>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String hex32() {
        var random = ThreadLocalRandom.current();
        return "%016x%016x".formatted(random.nextLong(), random.nextLong());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
