package io.switchboard.responder;

import java.util.Objects;

/**
 * What the responder is asked: the customer's latest message. What came before it the model
 * responder reads from the conversation itself, through its chat memory store
 * ({@link ConversationChatMemoryStore}), so the history is not copied in here.
 *
 * @param conversationId the conversation the answer is for
 * @param text           the customer's latest message, as written (the responder masks it)
 * @param language       ISO 639-1 code of the message's language, or null when unknown
 * @param intent         the intent the classifier saw, or null; a knowledge article whose id is that
 *                       intent's name is preferred when it matches well enough
 * @param customerId     whose conversation it is (the company's systems answer about that customer's own
 *                       orders only), or null when not known
 */
public record Question(String conversationId, String text, String language, String intent, String customerId) {

    public Question {
        Objects.requireNonNull(conversationId, "conversationId");
        text = text == null ? "" : text;
    }

    /** A question of nobody known (the company's systems are not asked). */
    public Question(String conversationId, String text, String language, String intent) {
        this(conversationId, text, language, intent, null);
    }
}
