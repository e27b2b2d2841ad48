package io.switchboard.delivery;

import io.switchboard.envelope.DeliveryRefusedException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;

/**
 * Tells a refusal (final: the provider said no, 4xx) from a temporary failure (5xx, timeout,
 * connection): only the latter is retried. The reason kept for agents and logs never carries the
 * provider's message text, which may quote the number or the message.
 */
final class DeliveryFailures {

    private DeliveryFailures() {
    }

    record Failure(boolean permanent, String reason) {
    }

    static Failure classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DeliveryRefusedException refused) {
                return new Failure(true, refused.getMessage());
            }
        }
        return new Failure(false, describe(error));
    }

    private static String describe(Throwable error) {
        Throwable t = error;
        while ((t instanceof CamelExecutionException || t instanceof RuntimeCamelException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t.getClass().getName().startsWith("io.switchboard.") && t.getMessage() != null) {
            return t.getMessage();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
