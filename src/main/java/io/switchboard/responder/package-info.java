/**
 * The AI responder: answers a customer from the company's knowledge (embedded retrieval by default,
 * a language model through LangChain4j when one is configured), behind a trust layer that masks
 * personal data, keeps customer text as data, and sends nothing that the knowledge does not support.
 */
package io.switchboard.responder;
