package io.switchboard.responder;

import io.switchboard.conversation.CustomerTexts;
import io.switchboard.conversation.CustomerTexts.Text;
import java.util.List;
import java.util.Map;

/**
 * How every AI reply reads to the customer: who writes (the assistant label), the answer with
 * personal data masked once more, the article it rests on, and the way to a person, in the customer's
 * language ({@link CustomerTexts}); and the same answer as an agent's draft. One place, so the embedded
 * and the model responder cannot drift apart.
 */
final class ReplyFormat {

    private final String label;
    private final String wayToPerson;
    private final PersonalData personalData;
    private final CustomerTexts texts;

    ReplyFormat(AiProperties properties, PersonalData personalData, CustomerTexts texts) {
        this.label = properties.assistantLabel();
        this.wayToPerson = properties.wayToPerson();
        this.personalData = personalData;
        this.texts = texts;
    }

    /**
     * The reply: as the assistant, {@code {label}\n\n{body}\n{way to a person}}; as a draft for an
     * agent, {@code {body}}; the body is {@code {answer}\n\nSource: {titles}\n}.
     *
     * @param language the customer's language (ISO 639-1), null when not known
     */
    AiAnswer.Reply reply(String answer, List<AiAnswer.Citation> citations, Map<String, String> detail,
                         String language) {
        var body = new StringBuilder(personalData.mask(answer.strip())).append("\n\n");
        List<String> titles = citations.stream().map(AiAnswer.Citation::title).distinct().toList();
        if (!titles.isEmpty()) {
            body.append(texts.say(Text.SOURCE, language, "Source:")).append(' ').append(String.join("; ", titles))
                    .append('\n');
        }
        return new AiAnswer.Reply(label(language) + "\n\n" + body + wayToPerson(language), body.toString().strip(),
                citations, detail);
    }

    /**
     * A question of the assistant to the customer ({@code {label}\n\n{question}\n{way to a person}}),
     * citing the articles it offers; as a draft, the question alone.
     */
    AiAnswer.Reply question(String question, List<AiAnswer.Citation> options, Map<String, String> detail) {
        String asked = personalData.mask(question.strip());
        return new AiAnswer.Reply(label + "\n\n" + asked + "\n" + wayToPerson, asked, options, detail);
    }

    private String label(String language) {
        return texts.say(Text.ASSISTANT_LABEL, language, label);
    }

    private String wayToPerson(String language) {
        return texts.say(Text.WAY_TO_PERSON, language, wayToPerson);
    }
}
