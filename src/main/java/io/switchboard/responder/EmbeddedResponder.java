package io.switchboard.responder;

import io.switchboard.conversation.CustomerTexts;
import io.switchboard.tools.Order;
import io.switchboard.tools.OrderTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default responder, offline: finds the knowledge article closest to the customer's (masked)
 * message and answers with that article's own text, or hands off. It writes nothing itself, so it
 * cannot invent anything; what it can get wrong is which article, hence the threshold.
 *
 * <p>Threshold ({@code switchboard.ai.thresholds.answer}, default 0.70), measured with
 * bge-small-en-v1.5-q on the sample knowledge base: 12 paraphrased customer questions (none of
 * them an article's own question) scored 0.74 to 0.88 against their article; 12 unrelated ones
 * (weather on Mars, a poem, sourdough, bitcoin, a joke ...) scored 0.47 to 0.61. 0.70 sits in that
 * gap. A knowledge base with other wording should be measured again.
 *
 * <p>A message in another language than English is answered from the article written in that language,
 * and only from the article of the message's intent when the knowledge, searched in that language by
 * words and meaning together ({@link KnowledgeBase#hybrid}), puts it first: the embedding model is an
 * English one, and in Spanish, French and German it scores unrelated questions (0.60 to 0.78) as high as
 * paraphrases of an article (0.66 to 0.80), so a score alone cannot say whether the knowledge answers;
 * the classifier's intent and the retrieval agreeing can (README, "Languages"). A language the knowledge
 * has no article in is a handoff, so a person with that language skill answers.
 *
 * <p>An article with an {@code order-answer} answers a message that names an order from the order
 * system ({@link OrderTools}): the order's fields filled into that answer, for the customer's own order
 * only; an order not theirs, or an order system that fails, is a handoff with the reason and the order
 * number. A message for such an article that names no order is told the customer's own recent orders,
 * each the same way, where the order system lists them ({@code recent-path}); else the article's text.
 * An article with an {@code order-action} offers that action instead ({@link OrderOffers}).
 */
public final class EmbeddedResponder implements Responder {

    static final String NO_MATCH = "no article in the knowledge base matches the question";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedResponder.class);
    private static final int CANDIDATES = 3;

    private static final Pattern FIELD = Pattern.compile("\\{([a-z][a-z0-9-]*)}");

    private final KnowledgeBase knowledge;
    private final PersonalData personalData;
    private final ReplyFormat format;
    private final double threshold;
    private final OrderTools orders;
    private final OrderOffers offers;

    public EmbeddedResponder(KnowledgeBase knowledge, PersonalData personalData, AiProperties properties) {
        this(knowledge, personalData, properties, null, CustomerTexts.english());
    }

    /**
     * @param orders the order system, or null when none is configured
     * @param texts  the assistant's label and the way to a person in the customer's language
     */
    public EmbeddedResponder(KnowledgeBase knowledge, PersonalData personalData, AiProperties properties,
                             OrderTools orders, CustomerTexts texts) {
        this.orders = orders;
        this.knowledge = knowledge;
        this.personalData = personalData;
        this.format = new ReplyFormat(properties, personalData, texts);
        this.offers = new OrderOffers(orders, format);
        this.threshold = properties.thresholds().answer();
    }

    @Override
    public AiAnswer answer(Question question) {
        String masked = personalData.mask(question.text());
        if (masked.isBlank()) {
            return new AiAnswer.Handoff("the message has no text to answer", Map.of("provider", "embedded"));
        }
        if (!KnowledgeBase.isDefaultLanguage(question.language())) {
            return inLanguage(question, masked);
        }
        List<KnowledgeBase.Passage> found = preferIntent(knowledge.search(masked, CANDIDATES, -1), question.intent());
        if (found.isEmpty() || found.get(0).score() < threshold) {
            String best = found.isEmpty() ? "none" : score(found.get(0).score());
            log.info("ai handoff conversation={} provider=embedded reason=no-match bestScore={} threshold={}",
                    question.conversationId(), best, threshold);
            return new AiAnswer.Handoff(NO_MATCH, found.isEmpty() ? Map.of("provider", "embedded", "bestScore", best)
                    : Map.of("provider", "embedded", "bestScore", best, "bestArticle", found.get(0).articleId(),
                            "threshold", String.valueOf(threshold)));
        }
        KnowledgeBase.Passage best = found.get(0);
        var citations = List.of(new AiAnswer.Citation(best.articleId(), best.title(), best.score()));
        var detail = new LinkedHashMap<String, String>(Map.of("provider", "embedded", "article", best.articleId(),
                "score", score(best.score())));
        KnowledgeBase.Article article = knowledge.article(best.articleId()).orElse(null);
        return fromArticle(question, article, article != null ? article.body() : best.text(), citations, detail);
    }

    /** The article's answer (or its order answer when the message names an order), in the article's language. */
    private AiAnswer fromArticle(Question question, KnowledgeBase.Article article, String body,
                                 List<AiAnswer.Citation> citations, Map<String, String> detail) {
        Optional<String> order = orders == null || article == null
                || article.orderAnswer() == null && !offers.offers(article, question.text()) ? Optional.empty()
                : orders.orderNumber(question.text());
        if (order.isPresent()) {
            return withOrder(question, article, order.get(), citations, detail);
        }
        if (orders != null && article != null && article.orderAnswer() != null && orders.listsRecent()
                && orders.recent(question.customerId()) instanceof OrderTools.Recent recent) {
            // no order named: the customer's own recent orders, each told as the article tells one
            detail.put("tool", "recent-orders");
            detail.put("toolOutcome", "found");
            detail.put("orders", String.valueOf(recent.orders().size()));
            log.info("ai reply conversation={} provider=embedded article={} tool=recent-orders orders={}",
                    question.conversationId(), article.id(), recent.orders().size());
            return format.reply(String.join("\n\n", recent.orders().stream()
                    .map(o -> fill(article.orderAnswer(), o)).toList()), citations, detail, article.language());
        }
        log.info("ai reply conversation={} provider=embedded article={} lang={} score={}", question.conversationId(),
                detail.get("article"), article == null ? KnowledgeBase.DEFAULT_LANGUAGE : article.language(),
                detail.get("score"));
        return format.reply(body, citations, detail, article == null ? null : article.language());
    }

    /**
     * A message in another language: the intent's article in that language when words and meaning put it
     * first; otherwise a handoff (no article in that language, no intent, or the knowledge points elsewhere).
     */
    private AiAnswer inLanguage(Question question, String masked) {
        String language = question.language();
        var detail = new LinkedHashMap<String, String>(Map.of("provider", "embedded", "lang", language));
        if (!knowledge.languages().contains(language)) {
            log.info("ai handoff conversation={} provider=embedded reason=no-article-in-language lang={}",
                    question.conversationId(), language);
            return new AiAnswer.Handoff("the knowledge has no article in the customer's language (" + language + ")",
                    detail);
        }
        List<KnowledgeBase.Ranked> ranked = knowledge.hybrid(masked, language, CANDIDATES);
        String first = ranked.isEmpty() ? null : ranked.get(0).articleId();
        Optional<KnowledgeBase.Article> article = question.intent() == null || !question.intent().equals(first)
                ? Optional.empty() : knowledge.article(first, language);
        if (article.isEmpty()) {
            detail.put("bestArticle", first == null ? "none" : first);
            log.info("ai handoff conversation={} provider=embedded reason=no-match lang={} intent={} bestArticle={}",
                    question.conversationId(), language, question.intent(), detail.get("bestArticle"));
            return new AiAnswer.Handoff(NO_MATCH, detail);
        }
        KnowledgeBase.Ranked best = ranked.get(0);
        detail.put("article", best.articleId());
        detail.put("score", score(best.semantic()));
        detail.put("retrieval", "hybrid");
        var citations = List.of(new AiAnswer.Citation(best.articleId(), article.get().title(), best.semantic()));
        return fromArticle(question, article.get(), article.get().body(), citations, detail);
    }

    /** The article's order answer with the customer's order filled in, or a handoff saying why not. */
    private AiAnswer withOrder(Question question, KnowledgeBase.Article article, String number,
                               List<AiAnswer.Citation> citations, Map<String, String> detail) {
        detail.put("tool", "order-status");
        detail.put("order", number);
        OrderTools.Answer answer = orders.order(question.customerId(), number);
        if (answer instanceof OrderTools.Known known && offers.offers(article, question.text())) {
            Optional<AiAnswer.Reply> offered = offers.offer(question, article, known.order(), citations, detail);
            if (offered.isPresent()) {
                return offered.get();
            }
        }
        if (answer instanceof OrderTools.Known known && article.orderAnswer() != null) {
            detail.put("toolOutcome", "found");
            log.info("ai reply conversation={} provider=embedded article={} tool=order-status",
                    question.conversationId(), article.id());
            return format.reply(fill(article.orderAnswer(), known.order()), citations, detail, article.language());
        }
        if (answer instanceof OrderTools.Known) {
            return format.reply(article.body(), citations, detail, article.language());
        }
        String reason = answer instanceof OrderTools.Unavailable unavailable ? unavailable.reason()
                : ((OrderTools.Refused) answer).reason();
        detail.put("toolOutcome", answer instanceof OrderTools.Unavailable unavailable
                ? unavailable.circuitOpen() ? "circuit-open" : "failed" : "refused");
        log.info("ai handoff conversation={} provider=embedded article={} tool=order-status outcome={}",
                question.conversationId(), article.id(), detail.get("toolOutcome"));
        return new AiAnswer.Handoff(reason, detail);
    }

    /** The answer with {@code {field}} filled from the order; a line naming a field the order lacks is left out. */
    static String fill(String template, Order order) {
        var lines = new ArrayList<String>();
        for (String line : template.split("\n")) {
            Matcher m = FIELD.matcher(line);
            var filled = new StringBuilder();
            boolean complete = true;
            while (m.find()) {
                String value = order.field(m.group(1));
                complete &= value != null && !value.isBlank();
                m.appendReplacement(filled, Matcher.quoteReplacement(value == null ? "" : value));
            }
            m.appendTail(filled);
            if (complete) {
                lines.add(filled.toString());
            }
        }
        return String.join("\n", lines).strip();
    }

    /**
     * The article named like the classified intent goes first when it is among the close candidates
     * and above the threshold: two articles can sit within a hair of each other ("send back" is near
     * both returning and cancelling), and the classifier, trained on many phrasings, breaks the tie.
     */
    private List<KnowledgeBase.Passage> preferIntent(List<KnowledgeBase.Passage> found, String intent) {
        return found.stream().filter(p -> p.articleId().equals(intent) && p.score() >= threshold).findFirst()
                .map(List::of).orElse(found.isEmpty() ? found : List.of(found.get(0)));
    }

    static String score(double score) {
        return String.format(Locale.ROOT, "%.3f", score);
    }
}
