package io.switchboard.routing;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.Turn;
import io.switchboard.responder.AiAnswer;
import io.switchboard.responder.Clarifier;
import io.switchboard.responder.Question;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The AI's clarifying questions in a conversation, read from its turns: whether one was asked (at most
 * one per conversation), and whether the customer's latest message answers it. An answer is decided
 * as the question it clarifies joined with what the customer said; "the first", "2", "the latter"
 * stand for the topic of the article offered in that place. The question's turn carries
 * {@code kind=ai-clarify}, the offered {@code options} (article ids) and the id of the message it
 * {@code clarifies}.
 */
@Component
class Clarifications {

    static final String OPTIONS = "options";

    private static final Pattern FIRST = Pattern.compile(
            "(?:the )?(?:first|1st|1|former|number one|option (?:1|one))(?: one)?(?: please)?");
    private static final Pattern SECOND = Pattern.compile(
            "(?:the )?(?:second|2nd|2|latter|other|number two|option (?:2|two))(?: one)?(?: please)?");

    /**
     * The customer's latest message answering a clarifying question.
     *
     * @param clarifies the id of the customer turn the question was asked about
     * @param question  that turn's text
     * @param options   the articles offered, in the order the question named them
     */
    record Answer(String clarifies, String question, List<String> options) {
    }

    private final Clarifier clarifier;

    Clarifications(Clarifier clarifier) {
        this.clarifier = clarifier;
    }

    /**
     * The question the AI would ask about the message ({@link Clarifier}); none when it asked one in the
     * conversation already (among its hot turns).
     */
    Optional<AiAnswer.Reply> ask(Conversation conversation, Question question) {
        return conversation.turns().stream().anyMatch(Clarifications::isQuestion) ? Optional.empty()
                : clarifier.clarify(question);
    }

    /**
     * The clarifying question the customer's latest message answers: the AI's latest turn before it is
     * the question, with no other customer message in between.
     */
    Optional<Answer> answering(Conversation conversation) {
        return conversation.turnAnswered().filter(Clarifications::isQuestion).flatMap(q -> answer(conversation, q));
    }

    /**
     * What is decided for the answer: the clarified question and the customer's words, or the topic of
     * the option they chose by its place.
     */
    String joined(Answer answer, String said) {
        String folded = Phrases.fold(said);
        int chosen = FIRST.matcher(folded).matches() ? 0 : SECOND.matcher(folded).matches() ? 1 : -1;
        String meant = chosen >= 0 && chosen < answer.options().size()
                ? clarifier.topic(answer.options().get(chosen)) : "";
        return answer.question() + "\n" + (meant.isEmpty() ? said : meant);
    }

    private static boolean isQuestion(Turn turn) {
        return turn.author() == Author.AI && RoutingDecision.AI_CLARIFY.equals(turn.metadata().get("kind"));
    }

    private static Optional<Answer> answer(Conversation conversation, Turn question) {
        String clarifies = question.metadata().get(RoutingDecision.CLARIFIES);
        return conversation.turn(clarifies == null ? "" : clarifies).filter(t -> !t.textRemoved())
                .map(asked -> new Answer(clarifies, asked.text(),
                        List.of(question.metadata().getOrDefault(OPTIONS, "").split(","))));
    }
}
