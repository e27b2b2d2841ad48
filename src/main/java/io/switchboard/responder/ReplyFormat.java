package io.switchboard.responder;

import java.util.List;
import java.util.Map;

/**
 * How every AI reply reads to the customer: who writes (the assistant label), the answer with
 * personal data masked once more, the article it rests on, and the way to a person; and the same
 * answer as an agent's draft. One place, so the embedded and the model responder cannot drift apart.
 */
final class ReplyFormat {

    private final String label;
    private final String wayToPerson;
    private final PersonalData personalData;

    ReplyFormat(AiProperties properties, PersonalData personalData) {
        this.label = properties.assistantLabel();
        this.wayToPerson = properties.wayToPerson();
        this.personalData = personalData;
    }

    /**
     * The reply: as the assistant, {@code {label}\n\n{body}\n{way to a person}}; as a draft for an
     * agent, {@code {body}}; the body is {@code {answer}\n\nSource: {titles}\n}.
     */
    AiAnswer.Reply reply(String answer, List<AiAnswer.Citation> citations, Map<String, String> detail) {
        var body = new StringBuilder(personalData.mask(answer.strip())).append("\n\n");
        List<String> titles = citations.stream().map(AiAnswer.Citation::title).distinct().toList();
        if (!titles.isEmpty()) {
            body.append("Source: ").append(String.join("; ", titles)).append('\n');
        }
        return new AiAnswer.Reply(label + "\n\n" + body + wayToPerson, body.toString().strip(), citations, detail);
    }

    /**
     * A question of the assistant to the customer ({@code {label}\n\n{question}\n{way to a person}}),
     * citing the articles it offers; as a draft, the question alone.
     */
    AiAnswer.Reply question(String question, List<AiAnswer.Citation> options, Map<String, String> detail) {
        String asked = personalData.mask(question.strip());
        return new AiAnswer.Reply(label + "\n\n" + asked + "\n" + wayToPerson, asked, options, detail);
    }
}
