package io.switchboard.delivery;

import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Author;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/**
 * How anything in the gateway speaks to a customer: every message, whoever writes it, goes through
 * the {@code reply} route (choose channel and address, record the turn, into the outbox), and the
 * outbox sends it exactly once, retrying, dead-lettering, and falling back to another channel.
 */
@Service
public class OutboundDispatcher {

    static final String REPLY_ROUTE = "direct:reply";

    private final ProducerTemplate producer;

    OutboundDispatcher(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** An agent's reply, on {@code requestedChannel} or, when null, on the channel the customer prefers. */
    public Appended agentReply(String conversationId, String text, String requestedChannel, String agent) {
        return send(new Reply(conversationId, Reply.Kind.AGENT, Author.AGENT, agent, text, requestedChannel, Set.of(),
                Map.of()));
    }

    /**
     * The automated responder's answer, on the channel the customer prefers: recorded as an AI turn
     * (the conversation then waits for the customer, nobody owns it). Refused (an
     * {@link IllegalStateException} from the conversation) unless the conversation is still open:
     * once a person owns it, the AI does not speak in it.
     */
    public Appended aiReply(String conversationId, String text, String responderName, Map<String, String> metadata) {
        return send(new Reply(conversationId, Reply.Kind.AI, Author.AI, responderName, text, null, Set.of(), metadata));
    }

    /**
     * A message from the gateway itself (a notice, a survey) on {@code requestedChannel} or the
     * channel the customer prefers, without changing who owns the conversation or its status.
     * {@code metadata} (e.g. {@code kind}) travels with the turn and the envelope.
     */
    public Appended systemMessage(String conversationId, String text, String requestedChannel,
                                  Map<String, String> metadata) {
        return send(new Reply(conversationId, Reply.Kind.NOTICE, Author.SYSTEM, "switchboard", text, requestedChannel,
                Set.of(), metadata));
    }

    /** Sends through the reply route; its refusals come back as they were thrown. */
    Appended send(Reply reply) {
        Exchange done = producer.request(REPLY_ROUTE, exchange -> exchange.getMessage().setBody(reply));
        if (done.getException() != null) {
            throw done.getException() instanceof RuntimeException e ? e
                    : new IllegalStateException("the reply could not be recorded", done.getException());
        }
        return done.getProperty(ReplyTurns.APPENDED, Appended.class);
    }
}
