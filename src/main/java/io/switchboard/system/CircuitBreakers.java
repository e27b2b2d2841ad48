package io.switchboard.system;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;

/** The gateway's one kind of circuit breaker around a system it calls (the AI model, the order system). */
public final class CircuitBreakers {

    private CircuitBreakers() {
    }

    /**
     * Opens after {@code failures} failed calls in a row (all of the last {@code failures} calls failed),
     * stays open for {@code openFor}, then lets one trial call through.
     */
    public static CircuitBreaker afterFailuresInARow(String name, int failures, Duration openFor, Clock clock) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build());
    }
}
