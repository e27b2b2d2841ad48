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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order lookup through the order system's HTTP API: {@code GET {base-url}{path}} with the
 * configured credential header, the JSON answer's fields read at their JSON Pointers. A lookup has a
 * hard deadline (answer and body: the HTTP client's own timeout ends at the headers), and a circuit
 * breaker stops asking a system that keeps failing, so a customer then waits for a person, not for
 * timeouts. 404 is "no such order"; any other failure is its reason, never the system's message.
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
        if (!breaker.tryAcquirePermission()) {
            return new Failed("the order system is unavailable (it kept failing; not asked for now)", true);
        }
        long started = System.nanoTime();
        var request = HttpRequest.newBuilder(URI.create(properties.baseUrl().replaceAll("/+$", "")
                        + properties.path().replace("{number}", URLEncoder.encode(number, StandardCharsets.UTF_8))))
                .timeout(properties.timeout()).header("Accept", "application/json").GET();
        if (!properties.authHeader().isBlank()) {
            request.header(properties.authHeader(), properties.authValue());
        }
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = pending.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() == 404) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                return new NotFound();
            }
            if (response.statusCode() != 200) {
                return failed(started, "the order system failed: HTTP " + response.statusCode(), null);
            }
            Order order = read(number, json.readTree(response.body()));
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return new Found(order);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return failed(started, timedOut(), e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return new Failed("the order lookup was interrupted", false);
        } catch (ExecutionException e) {
            // the HTTP client's own timeout (to the answer's headers) may end the lookup first
            return failed(started, e.getCause() instanceof HttpTimeoutException ? timedOut()
                    : "the order system could not be reached (" + e.getCause().getClass().getSimpleName() + ")",
                    e.getCause());
        } catch (IOException e) {
            return failed(started, "the order system's answer is not the JSON expected", e);
        }
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

    private Order read(String number, JsonNode answer) {
        var fields = new LinkedHashMap<String, String>();
        properties.fields().forEach((name, pointer) -> {
            JsonNode value = answer.at(pointer.startsWith("/") ? pointer : "/" + pointer);
            if (!value.isMissingNode() && !value.isNull() && value.isValueNode()) {
                fields.put(name, value.asText());
            }
        });
        return new Order(number, fields);
    }
}
