package io.switchboard.responder;

import io.switchboard.conversation.Turn;
import java.util.List;
import java.util.Objects;

/**
 * What the responder is asked: the customer's latest message and what came before it.
 *
 * @param conversationId the conversation the answer is for
 * @param text           the customer's latest message, as written (the responder masks it)
 * @param language       ISO 639-1 code of the message's language, or null when unknown
 * @param history        the conversation's recent visible turns, oldest first, the latest included
 * @param summary        the running summary of turns no longer in {@code history}
 * @param intent         the intent the classifier saw, or null; a knowledge article whose id is that
 *                       intent's name is preferred when it matches well enough
 */
public record Question(String conversationId, String text, String language, List<Turn> history, String summary,
                       String intent) {

    public Question(String conversationId, String text, String language, List<Turn> history, String summary) {
        this(conversationId, text, language, history, summary, null);
    }

    public Question {
        Objects.requireNonNull(conversationId, "conversationId");
        text = text == null ? "" : text;
        history = history == null ? List.of() : List.copyOf(history);
        summary = summary == null ? "" : summary;
    }
}
