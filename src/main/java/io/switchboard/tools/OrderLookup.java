package io.switchboard.tools;

import java.util.List;

/**
 * Finds an order in the company's order system by its number, or asks it to do something to one (a
 * configured action); never throws, says what became of it.
 */
public interface OrderLookup {

    /** What became of one lookup. */
    sealed interface Result {
    }

    record Found(Order order) implements Result {
    }

    record NotFound() implements Result {
    }

    /**
     * @param reason      in words an agent understands, never the order system's own message
     * @param circuitOpen true when the system was not asked because it kept failing
     */
    record Failed(String reason, boolean circuitOpen) implements Result {
    }

    /** The customer's recent orders, as the order system listed them (perhaps none). */
    record Listed(List<Order> orders) implements Result {
        public Listed {
            orders = List.copyOf(orders);
        }
    }

    /** The order system did what was asked. */
    record Done() implements Result {
    }

    /** The order system declined what was asked (HTTP 409 or 422: the order is past cancelling, say). */
    record Declined(int status) implements Result {
    }

    Result find(String number);

    /**
     * Asks the order system to do {@code action} to the order (a configured action); {@code idempotencyKey}
     * names this request, so that a repeated one is not done twice. Says {@link Done}, {@link NotFound},
     * {@link Declined} or {@link Failed}; a read-only lookup does nothing.
     */
    default Result perform(String number, String action, String idempotencyKey) {
        return new Failed("the order system is read-only here: no action " + action, false);
    }

    /**
     * The recent orders of the customer with this e-mail address: {@link Listed} or {@link Failed}; a lookup
     * without a list of recent orders says it has none to ask.
     */
    default Result recent(String email) {
        return new Failed("no list of recent orders is configured", false);
    }
}
