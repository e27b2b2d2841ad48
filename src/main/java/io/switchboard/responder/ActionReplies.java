package io.switchboard.responder;

import io.switchboard.conversation.CustomerTexts;
import io.switchboard.conversation.CustomerTexts.Text;
import io.switchboard.tools.Order;
import java.util.List;
import java.util.Map;

/**
 * What the AI says once it acted on the customer's answer to its offer: the article's {@code done} text
 * with the order filled in, or that nothing was changed; in the customer's language and read like every
 * AI reply ({@link ReplyFormat}). Written by the knowledge, never by a model, so it claims only what the
 * order system did.
 */
public final class ActionReplies {

    private final KnowledgeBase knowledge;
    private final ReplyFormat format;
    private final CustomerTexts texts;

    public ActionReplies(KnowledgeBase knowledge, PersonalData personalData, AiProperties properties,
                         CustomerTexts texts) {
        this.knowledge = knowledge;
        this.format = new ReplyFormat(properties, personalData, texts);
        this.texts = texts;
    }

    /** The order system did it: the {@code done} text of the article that offered it. */
    public AiAnswer.Reply done(String articleId, String language, Order order) {
        KnowledgeBase.Article article = articleId == null ? null : knowledge.article(articleId, language)
                .or(() -> knowledge.article(articleId)).filter(a -> a.orderAction() != null).orElse(null);
        if (article == null) {
            return format.reply(texts.say(Text.ACTION_DONE, language, "Done: order {number}.")
                    .replace("{number}", order.number()), List.of(), Map.of("actionOutcome", "done"), language);
        }
        return format.reply(EmbeddedResponder.fill(article.orderAction().done(), order),
                List.of(new AiAnswer.Citation(article.id(), article.title(), 1.0)), Map.of("actionOutcome", "done"),
                article.language());
    }

    /** The customer said no: nothing was done. */
    public AiAnswer.Reply declined(String language) {
        return format.reply(texts.say(Text.ACTION_DECLINED, language, "All right: nothing was changed."), List.of(),
                Map.of("actionOutcome", "declined"), language);
    }
}
