package io.switchboard.responder;

import java.util.List;

/**
 * How every AI reply reads to the customer: who writes (the assistant label), the answer with
 * personal data masked once more, the article it rests on, and the way to a person. One place, so
 * the embedded and the model responder cannot drift apart.
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

    /** {@code {label}\n\n{answer}\n\nSource: {titles}\n{way to a person}} */
    String format(String answer, List<String> sourceTitles) {
        var text = new StringBuilder(label).append("\n\n").append(personalData.mask(answer.strip())).append("\n\n");
        if (!sourceTitles.isEmpty()) {
            text.append("Source: ").append(String.join("; ", sourceTitles)).append('\n');
        }
        return text.append(wayToPerson).toString();
    }
}
