package io.switchboard.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.switchboard.system.CircuitBreakers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order lookup through the order system's HTTP API: {@code GET {base-url}{path}} with the
 * configured credential header, the JSON answer's fields read at their JSON Pointers; an action is a
 * {@code POST {base-url}{action's path}} with an {@code Idempotency-Key}, so the system can tell a repeated
 * request from a second one (2xx: done, 409 or 422: declined). A request has a
 * hard deadline (answer and body: the HTTP client's own timeout ends at the headers), and a circuit
 * breaker stops asking a system that keeps failing, so a customer then waits for a person, not for
 * timeouts. 404 is "no such order"; any other failure is its reason, never the system's message. An answer
 * larger than {@code max-answer-size} is a failure too, read no further than that.
 */
public final class HttpOrderLookup implements OrderLookup {

    private static final Logger log = LoggerFactory.getLogger(HttpOrderLookup.class);

    private final OrderProperties properties;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final ObjectMapper json = new ObjectMapper();

    public HttpOrderLookup(OrderProperties properties, Clock clock) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        this.breaker = CircuitBreakers.afterFailuresInARow("order-system", properties.circuitBreaker().failures(),
                properties.circuitBreaker().openFor(), clock);
    }

    @Override
    public Result find(String number) {
        return exchange(request(properties.path(), number).GET(), "lookup", (response, started) -> {
            if (response.statusCode() == 404) {
                return succeeded(started, new NotFound());
            }
            if (response.statusCode() != 200) {
                return failed(started, "the order system failed: HTTP " + response.statusCode(), null);
            }
            return succeeded(started, new Found(read(number, json.readTree(response.body()))));
        });
    }

    @Override
    public Result recent(String email) {
        if (properties.recentPath().isBlank()) {
            return OrderLookup.super.recent(email);
        }
        var request = request(properties.recentPath().replace("{email}", URLEncoder.encode(email,
                StandardCharsets.UTF_8)), "").GET();
        return exchange(request, "list", (response, started) -> {
            if (response.statusCode() == 404) {
                return succeeded(started, new Listed(List.of()));
            }
            if (response.statusCode() != 200) {
                return failed(started, "the order system failed: HTTP " + response.statusCode(), null);
            }
            JsonNode answer = json.readTree(response.body());
            JsonNode list = properties.recentList().isBlank() ? answer : answer.at(pointer(properties.recentList()));
            var orders = new ArrayList<Order>();
            String numberAt = properties.fields().getOrDefault("number", "/number");
            for (JsonNode item : list.isArray() ? list : json.createArrayNode()) {
                JsonNode number = item.at(pointer(numberAt));
                if (number.isValueNode() && !number.asText().isBlank()) {
                    orders.add(read(number.asText(), item));
                }
            }
            return succeeded(started, new Listed(orders));
        });
    }

    @Override
    public Result perform(String number, String action, String idempotencyKey) {
        OrderProperties.Action configured = properties.actions().get(action);
        if (configured == null) {
            return new Failed("the order system has no action " + action + " configured", false);
        }
        HttpRequest.Builder request = request(configured.path(), number)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        return exchange(request, action, (response, started) -> {
            int status = response.statusCode();
            if (status == 404) {
                return succeeded(started, new NotFound());
            }
            if (status == 409 || status == 422) {
                // the system works and said no (the order is past it): no failure of the system
                return succeeded(started, new Declined(status));
            }
            if (status / 100 != 2) {
                return failed(started, "the order system failed: HTTP " + status, null);
            }
            return succeeded(started, new Done());
        });
    }

    /** What to make of the order system's answer; {@code started} is when the request left. */
    @FunctionalInterface
    private interface Reading {
        Result read(HttpResponse<String> response, long started) throws IOException;
    }

    private HttpRequest.Builder request(String path, String number) {
        var request = HttpRequest.newBuilder(URI.create(properties.baseUrl().replaceAll("/+$", "")
                        + path.replace("{number}", URLEncoder.encode(number, StandardCharsets.UTF_8))))
                .timeout(properties.timeout()).header("Accept", "application/json");
        if (!properties.authHeader().isBlank()) {
            request.header(properties.authHeader(), properties.authValue());
        }
        return request;
    }

    /** One request to the order system within the deadline and behind the circuit breaker. */
    private Result exchange(HttpRequest.Builder request, String what, Reading reading) {
        if (!breaker.tryAcquirePermission()) {
            return new Failed("the order system is unavailable (it kept failing; not asked for now)", true);
        }
        long started = System.nanoTime();
        var tooLarge = new AtomicBoolean();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request.build(),
                atMost(properties.maxAnswerSize().toBytes(), tooLarge));
        try {
            return reading.read(pending.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS), started);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return failed(started, timedOut(), e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return new Failed("the order " + what + " was interrupted", false);
        } catch (ExecutionException e) {
            if (tooLarge.get()) {
                return failed(started, "the order system's answer is larger than "
                        + properties.maxAnswerSize().toKilobytes() + " KB", e.getCause());
            }
            // the HTTP client's own timeout (to the answer's headers) may end the request first
            return failed(started, e.getCause() instanceof HttpTimeoutException ? timedOut()
                    : "the order system could not be reached (" + e.getCause().getClass().getSimpleName() + ")",
                    e.getCause());
        } catch (IOException e) {
            return failed(started, "the order system's answer is not the JSON expected", e);
        }
    }

    private Result succeeded(long started, Result result) {
        breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return result;
    }

    /** An answer that grew past {@code max-answer-size}. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("the answer is larger than allowed");
        }
    }

    /**
     * The answer as UTF-8 text, given up (and the connection dropped) as soon as more than {@code max}
     * bytes arrived, which {@code refused} then says (the HTTP client may fail the exchange with an
     * exception of its own for the cancelled stream before the one given here arrives). The JDK's
     * handlers read any length; its own {@code BodySubscribers.ofString} reads the bytes that pass the count.
     */
    private static HttpResponse.BodyHandler<String> atMost(long max, AtomicBoolean tooLarge) {
        return info -> new HttpResponse.BodySubscriber<>() {
            private final HttpResponse.BodySubscriber<String> text =
                    HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
            private Flow.Subscription subscription;
            private long received;
            private boolean refused;

            @Override
            public CompletionStage<String> getBody() {
                return text.getBody();
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                text.onSubscribe(s);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                if (refused) {
                    return;
                }
                received += items.stream().mapToLong(ByteBuffer::remaining).sum();
                if (received > max) {
                    refused = true;
                    tooLarge.set(true);
                    text.onError(new TooLarge());
                    subscription.cancel();
                    return;
                }
                text.onNext(items);
            }

            @Override
            public void onError(Throwable failure) {
                if (!refused) {
                    text.onError(failure);
                }
            }

            @Override
            public void onComplete() {
                if (!refused) {
                    text.onComplete();
                }
            }
        };
    }

    private String timedOut() {
        return "the order system did not answer within " + properties.timeout().toMillis() + " ms";
    }

    private Failed failed(long started, String reason, Throwable error) {
        breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS,
                error != null ? error : new IllegalStateException(reason));
        log.warn("order lookup failed: {}", reason);
        return new Failed(reason, false);
    }

    private static String pointer(String pointer) {
        return pointer.startsWith("/") ? pointer : "/" + pointer;
    }

    private Order read(String number, JsonNode answer) {
        var fields = new LinkedHashMap<String, String>();
        properties.fields().forEach((name, pointer) -> {
            JsonNode value = answer.at(pointer(pointer));
            if (!value.isMissingNode() && !value.isNull() && value.isValueNode()) {
                fields.put(name, value.asText());
            }
        });
        return new Order(number, fields);
    }
}
