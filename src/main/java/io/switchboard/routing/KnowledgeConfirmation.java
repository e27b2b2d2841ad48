package io.switchboard.routing;

import io.switchboard.responder.KnowledgeBase;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * In another language than English the classifier has learnt from a few examples per intent only and
 * is rarely sure of itself; where it is unsure but its best intent is at least {@code confirmed-threshold}
 * and the knowledge, searched in the message's language by words and meaning together
 * ({@link KnowledgeBase#hybrid}), puts that intent's article first, the two agreeing decide the intent.
 * Neither alone would do: the embedding model is an English one and scores unrelated Spanish, French or
 * German questions as high as paraphrases of an article (README, "Languages"). English messages are
 * left to the classifier, trained on many more examples and measured on banking77.
 */
@Component
public class KnowledgeConfirmation {

    private final KnowledgeBase knowledge;
    private final double threshold;

    public KnowledgeConfirmation(KnowledgeBase knowledge, ClassifierProperties properties) {
        this.knowledge = knowledge;
        this.threshold = properties.confirmedThreshold();
    }

    /** The classification, with its best intent taken when the knowledge confirms it (see above). */
    public Classification confirm(Classification classified, String text, String language) {
        if (!classified.abstained() || classified.best() == null || KnowledgeBase.isDefaultLanguage(language)
                || classified.score() < threshold) {
            return classified;
        }
        List<KnowledgeBase.Ranked> first = knowledge.hybrid(text, language, 1);
        return !first.isEmpty() && first.get(0).articleId().equals(classified.best()) ? classified.confirm() : classified;
    }
}
