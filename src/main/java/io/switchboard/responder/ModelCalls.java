package io.switchboard.responder;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.service.Result;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.switchboard.system.CircuitBreakers;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One call to the language model: within a hard deadline (on top of the HTTP timeout, which does
 * not bound a slowly streamed body), at most 16 at once, through a circuit breaker that stops
 * calling a model that keeps failing. A failure comes back as its reason in words for an agent,
 * never the provider's message, which may quote the request.
 */
final class ModelCalls implements AutoCloseable {

    static final String UNAVAILABLE = "the AI model is unavailable";

    /** What became of a call. */
    sealed interface Outcome {
    }

    record Answered(Result<String> result) implements Outcome {
    }

    /** @param circuitOpen true when no call went out because the circuit is open */
    record Failed(String reason, boolean circuitOpen) implements Outcome {
    }

    private final Duration timeout;
    private final CircuitBreaker breaker;
    private final ThreadPoolExecutor calls;

    ModelCalls(AiProperties properties, Clock clock) {
        this.timeout = properties.timeout();
        this.breaker = CircuitBreakers.afterFailuresInARow("ai-model", properties.circuitBreaker().failures(),
                properties.circuitBreaker().openFor(), clock);
        var threads = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(0, 16, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            var t = new Thread(r, "ai-model-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Outcome call(Supplier<Result<String>> model) {
        if (!breaker.tryAcquirePermission()) {
            return new Failed(UNAVAILABLE, true);
        }
        long started = System.nanoTime();
        Future<Result<String>> future;
        try {
            future = calls.submit(model::get);
        } catch (RejectedExecutionException e) {
            breaker.releasePermission();
            return new Failed("the AI model is busy", false);
        }
        try {
            Result<String> result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return new Answered(result);
        } catch (TimeoutException e) {
            future.cancel(true);
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            return new Failed(timedOut(), false);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return new Failed("the AI model call was interrupted", false);
        } catch (ExecutionException e) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e.getCause());
            return new Failed(failure(e.getCause()), false);
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    private String timedOut() {
        String human = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
        return "the AI model did not answer within " + human;
    }

    private String failure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return "the AI model failed: HTTP " + http.statusCode();
            }
            if (t instanceof HttpTimeoutException || t instanceof dev.langchain4j.exception.TimeoutException
                    || t instanceof SocketTimeoutException) {
                return timedOut();
            }
        }
        return "the AI model failed: " + error.getClass().getSimpleName();
    }
}
