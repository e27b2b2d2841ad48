package io.switchboard.responder;

/**
 * Answers a customer's message from the company's knowledge, or says why it cannot. Never throws
 * for a slow, failing or unconfigured model: that is a {@link AiAnswer.Handoff} with the reason,
 * so a person answers instead of nobody.
 */
public interface Responder {

    AiAnswer answer(Question question);
}
