package io.switchboard.tools;

/** Finds an order in the company's order system by its number; never throws, says what became of it. */
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

    Result find(String number);
}
