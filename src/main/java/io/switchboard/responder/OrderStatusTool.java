package io.switchboard.responder;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolMemoryId;
import io.switchboard.tools.Order;
import io.switchboard.tools.OrderTools;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The order lookup as a LangChain4j tool of the model: for the customer of the call only
 * ({@link OrderTools} refuses other people's orders), read-only. What the model hears is facts, never
 * the reason an order was refused; the reason, or the order system's failure, is kept for the call so
 * that the responder hands the customer to a person with it rather than letting the model improvise.
 */
final class OrderStatusTool {

    /** Why a lookup of a call gave nothing to tell, and the order it was about. */
    record Problem(String reason, String order, String outcome) {
    }

    private final OrderTools orders;
    private final Map<ModelResponder.CallId, Problem> problems = new ConcurrentHashMap<>();

    OrderStatusTool(OrderTools orders) {
        this.orders = orders;
    }

    @Tool("Looks up one of the customer's own orders by its order number: its status, expected delivery, carrier "
            + "and tracking link. Use it when the customer asks about an order and gives its number.")
    String orderStatus(@ToolMemoryId ModelResponder.CallId call,
                       @P("the order number as the customer wrote it, e.g. 4711 or A-12345") String orderNumber) {
        String number = orderNumber == null ? "" : orderNumber.strip().toUpperCase(Locale.ROOT);
        OrderTools.Answer answer = orders.order(call.customerId(), number);
        if (answer instanceof OrderTools.Known known) {
            return describe(known.order());
        }
        if (answer instanceof OrderTools.Unavailable unavailable) {
            problems.put(call, new Problem(unavailable.reason(), number,
                    unavailable.circuitOpen() ? "circuit-open" : "failed"));
            return "The order system is unavailable; nothing is known about order " + number + ".";
        }
        problems.put(call, new Problem(((OrderTools.Refused) answer).reason(), number, "refused"));
        return "No order " + number + " was found for this customer.";
    }

    @Tool("Lists the customer's own most recent orders with their status. Use it when the customer asks about "
            + "their orders or an order without giving its number.")
    String recentOrders(@ToolMemoryId ModelResponder.CallId call) {
        if (!orders.listsRecent()) {
            return "The customer's orders cannot be listed here; an order can be looked up by its number.";
        }
        OrderTools.Answer answer = orders.recent(call.customerId());
        if (answer instanceof OrderTools.Recent recent) {
            return recent.orders().stream().map(OrderStatusTool::describe).collect(Collectors.joining("\n"));
        }
        if (answer instanceof OrderTools.Unavailable unavailable) {
            problems.put(call, new Problem(unavailable.reason(), "recent", unavailable.circuitOpen() ? "circuit-open"
                    : "failed"));
            return "The order system is unavailable; nothing is known about the customer's orders.";
        }
        return "No recent orders were found for this customer.";
    }

    /** The problem a lookup of this call met, once. */
    Optional<Problem> problem(ModelResponder.CallId call) {
        return Optional.ofNullable(problems.remove(call));
    }

    private static String describe(Order order) {
        // in a fixed order, the status first: the same order always reads the same to the model
        return "Order " + order.number() + ": " + order.fields().entrySet().stream()
                .filter(e -> !List.of("email", "phone", "number").contains(e.getKey()))
                .sorted(Comparator.comparing((Map.Entry<String, String> e) -> !e.getKey().equals("status"))
                        .thenComparing(Map.Entry::getKey))
                .map(e -> e.getKey().replace('-', ' ') + " " + e.getValue())
                .collect(Collectors.joining("; ")) + ".";
    }
}
