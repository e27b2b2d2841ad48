package io.switchboard.tools;

import io.switchboard.customer.Address;
import io.switchboard.customer.AddressNormalizer;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.customer.InvalidAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders, for the customer a conversation belongs to and nobody else: an order is told only to a
 * verified customer (not a sender the channel could not vouch for) one of whose confirmed addresses is
 * the order's e-mail address or phone number. An order of someone else's account is refused exactly
 * like one that does not exist, so asking tells nothing about other people's orders. Read-only, but for
 * the actions configured ({@code switchboard.tools.orders.actions}), which {@link #act} does to the
 * customer's own order only, and only when the customer has confirmed (the caller's part: see
 * {@code routing.ActionOffers}).
 */
public final class OrderTools {

    private static final Logger log = LoggerFactory.getLogger(OrderTools.class);

    /** What the customer may be told about an order. */
    public sealed interface Answer {
    }

    /** The customer's own order. */
    public record Known(Order order) implements Answer {
    }

    /** Nothing to tell this customer; {@code reason} is for the agent. */
    public record Refused(String reason) implements Answer {
    }

    /** The order system failed; {@code reason} is for the agent. */
    public record Unavailable(String reason, boolean circuitOpen) implements Answer {
    }

    /** The customer's own recent orders, the first {@code max-recent} the order system listed. */
    public record Recent(List<Order> orders) implements Answer {
    }

    /** The action was done to the customer's own order, as it was before. */
    public record Performed(Order order) implements Answer {
    }

    private final OrderLookup lookup;
    private final CustomerDirectory customers;
    private final Pattern number;
    private final Set<String> actions;
    private final boolean listsRecent;
    private final int maxRecent;

    public OrderTools(OrderLookup lookup, CustomerDirectory customers, OrderProperties properties) {
        this.actions = properties.actions().keySet();
        this.listsRecent = !properties.recentPath().isBlank();
        this.maxRecent = properties.maxRecent();
        this.lookup = lookup;
        this.customers = customers;
        this.number = Pattern.compile(properties.numberPattern());
    }

    /** The order number a message names, if any. */
    public Optional<String> orderNumber(String text) {
        Matcher m = text == null ? null : number.matcher(text);
        return m != null && m.find() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    /** The order, if it is the customer's and the order system answers. */
    public Answer order(String customerId, String orderNumber) {
        Customer customer = customerId == null ? null : customers.find(customerId).orElse(null);
        if (customer == null || customer.unverified() != null) {
            return new Refused("order details are given only to a verified customer, and the sender is not one");
        }
        OrderLookup.Result result = lookup.find(orderNumber);
        if (result instanceof OrderLookup.Failed failed) {
            return new Unavailable(failed.reason(), failed.circuitOpen());
        }
        if (result instanceof OrderLookup.Found found && owns(customer, found.order())) {
            return new Known(found.order());
        }
        if (result instanceof OrderLookup.Found) {
            log.info("order lookup refused: the order is not of customer {}", customer.id());
        }
        return new Refused("order " + orderNumber + " is not in the account of this customer (or does not exist)");
    }

    /** Whether the order system is configured to list a customer's recent orders. */
    public boolean listsRecent() {
        return listsRecent;
    }

    /**
     * The verified customer's recent orders, asked by their confirmed e-mail address; only orders that are
     * theirs (as {@link #order}) are kept, whatever the system listed. Refused when the customer is not
     * verified or has no confirmed e-mail address, or none of the orders listed is theirs.
     */
    public Answer recent(String customerId) {
        Customer customer = customerId == null ? null : customers.find(customerId).orElse(null);
        if (customer == null || customer.unverified() != null) {
            return new Refused("order details are given only to a verified customer, and the sender is not one");
        }
        Optional<Address> email = customer.addresses().stream().filter(a -> "email".equals(a.channel())).findFirst();
        if (email.isEmpty()) {
            return new Refused("the customer has no confirmed e-mail address to find their orders by");
        }
        OrderLookup.Result result = lookup.recent(email.get().value());
        if (result instanceof OrderLookup.Failed failed) {
            return new Unavailable(failed.reason(), failed.circuitOpen());
        }
        var own = result instanceof OrderLookup.Listed listed ? listed.orders().stream()
                .filter(o -> owns(customer, o)).limit(maxRecent).toList() : List.<Order>of();
        return own.isEmpty() ? new Refused("the order system lists no orders of this customer") : new Recent(own);
    }

    /** Whether the order system is configured to do {@code action}. */
    public boolean canPerform(String action) {
        return action != null && actions.contains(action);
    }

    /**
     * Does {@code action} to the order when it is the customer's own (as {@link #order}); {@code key} names
     * this request to the order system, so asking twice does it once.
     */
    public Answer act(String customerId, String orderNumber, String action, String key) {
        Answer owned = order(customerId, orderNumber);
        if (!(owned instanceof Known known)) {
            return owned;
        }
        OrderLookup.Result result = lookup.perform(orderNumber, action, key);
        log.info("order action={} outcome={}", action, result.getClass().getSimpleName());
        if (result instanceof OrderLookup.Done) {
            return new Performed(known.order());
        }
        if (result instanceof OrderLookup.Failed failed) {
            return new Unavailable(failed.reason(), failed.circuitOpen());
        }
        if (result instanceof OrderLookup.Declined declined) {
            return new Refused("the order system declined to " + action + " order " + orderNumber + " (HTTP "
                    + declined.status() + ")");
        }
        return new Refused("order " + orderNumber + " was not found when asked to " + action + " it");
    }

    private boolean owns(Customer customer, Order order) {
        AddressNormalizer addresses = customers.addresses();
        return customer.addresses().stream().anyMatch(a -> matches(addresses, a, order.field("email"))
                || addresses.isPhoneChannel(a.channel()) && matches(addresses, a, order.field("phone")));
    }

    private static boolean matches(AddressNormalizer addresses, Address own, String given) {
        if (given == null || given.isBlank()) {
            return false;
        }
        try {
            return addresses.normalize(own.channel(), given).value().equals(own.value())
                    && ("email".equals(own.channel()) == given.contains("@"));
        } catch (InvalidAddressException e) {
            return false;
        }
    }
}
