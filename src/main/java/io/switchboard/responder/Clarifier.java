package io.switchboard.responder;

import io.switchboard.conversation.CustomerTexts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI's one question back when it is unsure: the customer's (masked) message is close to two
 * articles of the knowledge, but to neither closely enough to answer from it (the best below
 * {@code switchboard.ai.thresholds.answer}, both at or above {@code thresholds.clarify}). The question
 * names both articles' topics ("is this about returning an item or a refund, or about an item that
 * arrived damaged or stopped working?") and offers them as its citations. It rests on the knowledge
 * alone, so it is the same whichever responder answers; whether to ask is routing's decision.
 *
 * <p>Threshold ({@code thresholds.clarify}, 0.62), measured with bge-small-en-v1.5-q on the sample
 * knowledge: vague questions about the store ("the thing I bought", "it's about the item", "I'd like to
 * talk about my purchase", "my stuff") scored 0.65 to 0.69 against their best article and 0.63 to 0.68
 * against the second; unrelated ones (weather on Mars, a poem, sourdough) at most 0.61.
 */
public final class Clarifier {

    private static final Logger log = LoggerFactory.getLogger(Clarifier.class);

    private final KnowledgeBase knowledge;
    private final PersonalData personalData;
    private final ReplyFormat format;
    private final double answer;
    private final double clarify;

    public Clarifier(KnowledgeBase knowledge, PersonalData personalData, AiProperties properties) {
        this.knowledge = knowledge;
        this.personalData = personalData;
        this.format = new ReplyFormat(properties, personalData, CustomerTexts.english());
        this.answer = properties.thresholds().answer();
        this.clarify = properties.thresholds().clarify();
    }

    /**
     * The clarifying question for the message, with the two articles it offers as citations (the
     * closer first); empty when the knowledge answers it outright, or offers fewer than two candidates,
     * or the message is in another language than English: the thresholds were measured on English
     * questions, and in Spanish, French and German the embedding model scores unrelated questions as
     * high as paraphrases (0.60 to 0.78 against 0.66 to 0.80), so it could not tell vague from unrelated.
     */
    public Optional<AiAnswer.Reply> clarify(Question question) {
        String masked = personalData.mask(question.text());
        if (masked.isBlank() || clarify >= answer || !KnowledgeBase.isDefaultLanguage(question.language())) {
            return Optional.empty();
        }
        List<KnowledgeBase.Passage> found = knowledge.search(masked, 2, clarify);
        if (found.size() < 2 || found.get(0).score() >= answer) {
            return Optional.empty();
        }
        var options = found.stream().map(p -> new AiAnswer.Citation(p.articleId(), p.title(), p.score())).toList();
        String text = "To find the right answer: is your question about " + topic(options.get(0).articleId())
                + ", or about " + topic(options.get(1).articleId()) + "?";
        log.info("ai clarify conversation={} articles={},{} scores={},{}", question.conversationId(),
                options.get(0).articleId(), options.get(1).articleId(), EmbeddedResponder.score(options.get(0).score()),
                EmbeddedResponder.score(options.get(1).score()));
        return Optional.of(format.question(text, options, Map.of("clarify", options.get(0).articleId() + ","
                + options.get(1).articleId(), "bestScore", EmbeddedResponder.score(options.get(0).score()))));
    }

    /** The article's topic, as a question to the customer names it; empty when no such article exists. */
    public String topic(String articleId) {
        return knowledge.article(articleId).map(KnowledgeBase.Article::topic).orElse("");
    }
}
