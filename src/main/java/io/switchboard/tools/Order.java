package io.switchboard.tools;

import java.util.Map;
import java.util.Objects;

/**
 * An order as the order system described it, by the fields {@code switchboard.tools.orders.fields}
 * names ({@code status}, {@code email}, {@code phone}, and what the answer templates use).
 */
public record Order(String number, Map<String, String> fields) {

    public Order {
        Objects.requireNonNull(number, "number");
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public String field(String name) {
        return "number".equals(name) ? number : fields.get(name);
    }
}
