package io.switchboard.responder;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the responder came back with: a reply fit to send, or a handoff to a person and why. */
public sealed interface AiAnswer {

    /**
     * Detail of a reply that offers to do something to an order (the action's name, beside {@code order});
     * nothing is done until the customer confirms.
     */
    String OFFER_ACTION = "offer-action";

    /** Figures behind the answer (article, score, model, check results): small strings only. */
    Map<String, String> detail();

    /**
     * A reply that passed the trust layer, grounded in the cited knowledge. {@code text} is ready to
     * send as the assistant: marked as coming from an assistant, with the way to a person.
     * {@code draft} is the same answer for an agent to send as their own ({@code draft} autonomy):
     * without the assistant's label and the way to a person, which would be untrue from a person.
     */
    record Reply(String text, String draft, List<Citation> citations, Map<String, String> detail) implements AiAnswer {
        public Reply {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(draft, "draft");
            citations = citations == null ? List.of() : List.copyOf(citations);
            detail = detail == null ? Map.of() : Map.copyOf(detail);
        }
    }

    /** No reply: a person answers. {@code reason} is in words an agent understands. */
    record Handoff(String reason, Map<String, String> detail) implements AiAnswer {
        public Handoff {
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? Map.of() : Map.copyOf(detail);
        }
    }

    /** A knowledge article a reply rests on. */
    record Citation(String articleId, String title, double score) {
    }
}
