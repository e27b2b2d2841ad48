package io.switchboard.tools;

import java.time.Duration;
import java.util.Map;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The order system the order lookup asks ({@code switchboard.tools.orders.*}); off while
 * {@code base-url} is empty.
 *
 * @param baseUrl         e.g. {@code https://shop.example/api}
 * @param path            the order's path under it, {@code {number}} standing for the order number
 * @param authHeader      the header that carries the credential, e.g. {@code Authorization}; empty: none
 * @param authValue       its value, e.g. {@code Bearer …} (give it by environment variable)
 * @param timeout         the deadline of one lookup, answer and body included
 * @param fields          where each field of an order is in the JSON answer (JSON Pointer): {@code status},
 *                        {@code email}, {@code phone} (whose order it is), and any others the answer
 *                        templates name ({@code tracking-url}, {@code expected-delivery}, ...)
 * @param numberPattern   how an order number looks in a customer's message (its first group is the number); by
 *                        default after the word for an order in English, Spanish, French or German ("order 4711",
 *                        "pedido 4711", "commande n° 4711", "Bestellung Nr. 4711")
 * @param recentPath      the customer's recent orders under the base URL, {@code {email}} standing for their
 *                        confirmed e-mail address (e.g. {@code /customers/{email}/orders}); empty: not asked
 * @param recentList      where the list of orders is in that answer (JSON Pointer; empty: the answer is the list),
 *                        each order's fields at the {@code fields} pointers and its number at {@code fields.number}
 * @param maxRecent       how many of the recent orders the customer is told about, the first ones the system lists
 * @param actions         what the AI may do to an order at the customer's confirmation, by name ({@code cancel},
 *                        {@code start-return}, ...): each a {@code POST {base-url}{path}}; none by default (read-only)
 * @param maxAnswerSize   the largest answer read; a larger one is a failed lookup (the order system is
 *                        the company's own, but a fault there must not fill the gateway's memory)
 * @param circuitBreaker  after {@code failures} failed lookups in a row the order system is not asked
 *                        for {@code open-for}, and a customer asking meanwhile goes to a person at once
 */
@ConfigurationProperties("switchboard.tools.orders")
public record OrderProperties(@DefaultValue("") String baseUrl,
                              @DefaultValue("/orders/{number}") String path,
                              @DefaultValue("") String authHeader,
                              @DefaultValue("") String authValue,
                              @DefaultValue("3s") Duration timeout,
                              @DefaultValue Map<String, String> fields,
                              @DefaultValue("(?iu)\\b(?:order|pedido|orden|commande|bestellung|bestellnummer|auftrag)\\s*"
                                      + "(?:no\\.?|nr\\.?|n[º°o]\\.?|number|id|número|numero|nummer)?\\s*[:#]?\\s*"
                                      + "([A-Z]{0,3}-?\\d{3,12})\\b")
                              String numberPattern,
                              @DefaultValue("") String recentPath,
                              @DefaultValue("") String recentList,
                              @DefaultValue("3") int maxRecent,
                              @DefaultValue Map<String, Action> actions,
                              @DefaultValue("256KB") DataSize maxAnswerSize,
                              @DefaultValue CircuitBreaker circuitBreaker) {

    public OrderProperties {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        actions = actions == null ? Map.of() : Map.copyOf(actions);
        actions.forEach((name, action) -> {
            if (action.path() == null || !action.path().contains("{number}")) {
                throw new IllegalArgumentException("switchboard.tools.orders.actions." + name
                        + ".path must contain {number}");
            }
        });
        if (!path.contains("{number}")) {
            throw new IllegalArgumentException("switchboard.tools.orders.path must contain {number}");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("switchboard.tools.orders.timeout must be positive");
        }
        java.util.regex.Pattern.compile(numberPattern);
        if (!recentPath.isBlank() && !recentPath.contains("{email}")) {
            throw new IllegalArgumentException("switchboard.tools.orders.recent-path must contain {email}");
        }
        if (maxRecent < 1) {
            throw new IllegalArgumentException("switchboard.tools.orders.max-recent must be at least 1");
        }
        if (maxAnswerSize.toBytes() < 1) {
            throw new IllegalArgumentException("switchboard.tools.orders.max-answer-size must be positive");
        }
    }

    /** Whether an order system is configured. */
    public boolean enabled() {
        return !baseUrl.isBlank();
    }

    /** @param path the action's path under the base URL, {@code {number}} standing for the order number */
    public record Action(String path) {
    }

    public record CircuitBreaker(@DefaultValue("3") int failures, @DefaultValue("30s") Duration openFor) {
        public CircuitBreaker {
            if (failures < 1) {
                throw new IllegalArgumentException("switchboard.tools.orders.circuit-breaker.failures must be at least 1");
            }
        }
    }
}
