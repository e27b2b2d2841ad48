package io.switchboard.routing;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Turn;
import io.switchboard.responder.AiAnswer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * What the AI offered to do to an order ("Shall I cancel order 4711? Reply yes or no"), read from its
 * turns, and whether the customer's latest message answers the offer: yes, no, or something else (then
 * the offer lapses and the message is decided as any other). Nothing is done to an order without a yes
 * to the offer right before it. The offer's turn carries {@code offer-action}, {@code order}, the article
 * it came from and the language it was made in.
 */
@Component
class ActionOffers {

    static final String ORDER = "order";
    static final String ARTICLE = "offer-article";
    static final String LANGUAGE = "offer-lang";

    /** What the customer said to an offer. */
    enum Said { YES, NO, OTHER }

    /**
     * An offer the AI made.
     *
     * @param action   the action's name ({@code switchboard.tools.orders.actions.<name>})
     * @param article  the knowledge article the offer came from (its {@code order-action} says what to say
     *                 once done)
     * @param language the language the offer was made in, null when not known
     */
    record Offer(String action, String order, String article, String language) {
    }

    /** The customer's latest message answering an offer. */
    record Answer(Offer offer, Said said) {
    }

    /**
     * The words of a yes and of a no ({@code switchboard.routing.confirmations}, in routing-rules.yaml),
     * matched as the human rules' word lists are (case, accents and punctuation ignored).
     *
     * @param maxWords a longer message is no plain yes or no ("yes, but change the address instead")
     */
    @ConfigurationProperties("switchboard.routing.confirmations")
    record Words(@DefaultValue List<String> yesWords, @DefaultValue List<String> noWords,
                 @DefaultValue("6") int maxWords) {
    }

    private final List<String> yes;
    private final List<String> no;
    private final int maxWords;

    ActionOffers(Words words) {
        this.yes = words.yesWords().stream().map(Phrases::fold).filter(w -> !w.isBlank()).toList();
        this.no = words.noWords().stream().map(Phrases::fold).filter(w -> !w.isBlank()).toList();
        this.maxWords = words.maxWords();
        if (yes.isEmpty() || no.isEmpty()) {
            throw new IllegalArgumentException("switchboard.routing.confirmations needs words of a yes and of a no");
        }
    }

    /** The offer the customer's latest message answers, and what they said to it. */
    Optional<Answer> answering(Conversation conversation, String text) {
        return conversation.turnAnswered().filter(ActionOffers::isOffer)
                .map(t -> new Answer(new Offer(t.metadata().get(AiAnswer.OFFER_ACTION), t.metadata().get(ORDER),
                        t.metadata().get(ARTICLE), t.metadata().get(LANGUAGE)), said(text)));
    }

    /** Yes when the short message has a word of a yes and none of a no; no the other way round. */
    Said said(String text) {
        String folded = Phrases.fold(text == null ? "" : text).strip();
        long words = Arrays.stream(folded.split(" +")).filter(w -> !w.isEmpty()).count();
        if (words == 0 || words > maxWords) {
            return Said.OTHER;
        }
        String padded = " " + folded.replaceAll(" +", " ") + " ";
        boolean isYes = yes.stream().anyMatch(w -> padded.contains(" " + w + " "));
        boolean isNo = no.stream().anyMatch(w -> padded.contains(" " + w + " "));
        return isYes && !isNo ? Said.YES : isNo && !isYes ? Said.NO : Said.OTHER;
    }

    private static boolean isOffer(Turn turn) {
        return turn.author() == Author.AI && turn.metadata().get(AiAnswer.OFFER_ACTION) != null
                && turn.metadata().get(ORDER) != null;
    }
}
