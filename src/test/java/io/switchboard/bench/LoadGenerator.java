package io.switchboard.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** Sends requests prepared beforehand over HTTP/1.1, at most {@code concurrency} in flight, timing each one. */
final class LoadGenerator {

    /** Room for the requests of a timed run: more than loopback HTTP reaches on this kind of machine. */
    private static final int MAX_PER_SECOND = 100_000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final int concurrency;

    LoadGenerator(int concurrency) {
        this.concurrency = concurrency;
    }

    /** Each request once, in order. */
    Run send(List<HttpRequest> requests) {
        return run(requests::get, requests.size(), Long.MAX_VALUE);
    }

    /** The same request again and again for {@code duration}. */
    Run repeat(HttpRequest request, Duration duration) {
        int room = (int) Math.min(Integer.MAX_VALUE - 8, duration.toSeconds() * MAX_PER_SECOND);
        return run(i -> request, room, System.nanoTime() + duration.toNanos());
    }

    private Run run(IntFunction<HttpRequest> requests, int max, long deadline) {
        var inFlight = new Semaphore(concurrency);
        long[] sentAt = new long[max];
        long[] latencies = new long[max];
        int[] statuses = new int[max];
        long start = System.nanoTime();
        int sent = 0;
        while (sent < max && System.nanoTime() < deadline) {
            inFlight.acquireUninterruptibly();
            int i = sent++;
            HttpRequest request = requests.apply(i);
            sentAt[i] = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                latencies[i] = System.nanoTime() - sentAt[i];
                statuses[i] = response == null ? -1 : response.statusCode();
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(concurrency);
        long elapsed = System.nanoTime() - start;
        return new Run(Arrays.copyOf(sentAt, sent), Arrays.copyOf(latencies, sent), Arrays.copyOf(statuses, sent), elapsed);
    }

    /**
     * What a run did, request by request in the order sent.
     *
     * @param sentAt    {@link System#nanoTime()} when each request went out
     * @param latencies nanoseconds from sending to the whole answer
     * @param statuses  the answer's status, -1 for no answer (connection failed, timed out)
     */
    record Run(long[] sentAt, long[] latencies, int[] statuses, long elapsedNanos) {

        int count() {
            return statuses.length;
        }

        int answered(int status) {
            return (int) Arrays.stream(statuses).filter(s -> s == status).count();
        }

        double perSecond(int status) {
            return answered(status) / (elapsedNanos / 1e9);
        }

        Latencies latency() {
            return Latencies.of(latencies);
        }
    }

    /** Durations in nanoseconds, sorted, read as nearest-rank percentiles. */
    record Latencies(long[] sorted) {

        static Latencies of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Latencies(sorted);
        }

        int count() {
            return sorted.length;
        }

        /** The smallest duration that {@code percent} % of them do not exceed, in milliseconds; NaN when there is none. */
        double millis(double percent) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            // less a hair, so that 99.9 % of 1,000 is rank 999 and not 1,000 by a rounding error
            int rank = (int) Math.ceil(percent * sorted.length / 100 - 1e-9);
            return sorted[Math.max(rank, 1) - 1] / 1e6;
        }
    }
}
