package io.switchboard.responder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a model that keeps failing: after {@code failures} failures in a row the circuit is
 * open for {@code openFor} and every question goes straight to a person; then one call is let
 * through, and its outcome closes or reopens the circuit. Hand-written because no resilience
 * library is on the classpath and this is all the responder needs.
 */
final class CircuitBreaker {

    private final int failures;
    private final Duration openFor;
    private final Clock clock;
    private int consecutiveFailures;
    private Instant openUntil;
    private boolean trialRunning;

    CircuitBreaker(int failures, Duration openFor, Clock clock) {
        this.failures = failures;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** True when a call may go out now. */
    synchronized boolean allow() {
        if (openUntil == null) {
            return true;
        }
        if (clock.instant().isBefore(openUntil) || trialRunning) {
            return false;
        }
        trialRunning = true;
        return true;
    }

    synchronized void success() {
        consecutiveFailures = 0;
        openUntil = null;
        trialRunning = false;
    }

    synchronized void failure() {
        consecutiveFailures++;
        if (trialRunning || consecutiveFailures >= failures) {
            openUntil = clock.instant().plus(openFor);
        }
        trialRunning = false;
    }

    synchronized boolean isOpen() {
        return openUntil != null && clock.instant().isBefore(openUntil);
    }
}
