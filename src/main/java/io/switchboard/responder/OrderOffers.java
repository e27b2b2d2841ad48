package io.switchboard.responder;

import io.switchboard.tools.Order;
import io.switchboard.tools.OrderTools;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI's offer to act on the customer's order: where the article chosen for a message offers an action
 * ({@code order-action}) the order system is configured to do, and the message asks for it and names
 * an order of the customer's own, the reply is the article's question ("Shall I cancel order 4711?"),
 * with the action and order in its detail; nothing is done until the customer says yes (routing's
 * {@code confirm-action}). The same for the embedded and the model responder: the offer is the
 * knowledge's words, never a model's.
 */
final class OrderOffers {

    private static final Logger log = LoggerFactory.getLogger(OrderOffers.class);

    private final OrderTools orders;
    private final ReplyFormat format;

    /** @param orders the order system, or null when none is configured (then nothing is offered) */
    OrderOffers(OrderTools orders, ReplyFormat format) {
        this.orders = orders;
        this.format = format;
    }

    /** Whether the article offers an action the order system does and the message asks for it. */
    boolean offers(KnowledgeBase.Article article, String text) {
        return orders != null && article != null && article.orderAction() != null
                && orders.canPerform(article.orderAction().name()) && article.orderAction().askedIn(text);
    }

    /** The offer for the customer's own order, already looked up; empty when its question comes out blank. */
    Optional<AiAnswer.Reply> offer(Question question, KnowledgeBase.Article article, Order order,
                                   List<AiAnswer.Citation> citations, Map<String, String> detail) {
        String asked = EmbeddedResponder.fill(article.orderAction().question(), order);
        if (asked.isBlank()) {
            return Optional.empty();
        }
        detail.put("tool", "order-status");
        detail.put("order", order.number());
        detail.put("toolOutcome", "found");
        detail.put(AiAnswer.OFFER_ACTION, article.orderAction().name());
        log.info("ai offer conversation={} article={} action={}", question.conversationId(), article.id(),
                article.orderAction().name());
        return Optional.of(format.reply(asked, citations, detail, article.language()));
    }

    /**
     * The offer for a message, looking the order up: empty when the article offers nothing for it, the
     * message names no order, or the order is not the customer's or cannot be looked up now (the
     * responder's usual way with orders then applies).
     */
    Optional<AiAnswer.Reply> offerFor(Question question, KnowledgeBase.Article article,
                                      List<AiAnswer.Citation> citations, Map<String, String> detail) {
        if (!offers(article, question.text())) {
            return Optional.empty();
        }
        return orders.orderNumber(question.text())
                .map(number -> orders.order(question.customerId(), number))
                .filter(OrderTools.Known.class::isInstance)
                .flatMap(known -> offer(question, article, ((OrderTools.Known) known).order(), citations, detail));
    }
}
