package io.switchboard.routing;

import io.switchboard.conversation.Conversation;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Placeholder until the rules land: no rule fires. */
@Component
public class HumanRules {

    /** A rule that sends the conversation to a person whatever the classifier says. */
    public record Match(String rule, String reason) {
    }

    public Optional<Match> check(Conversation conversation, String text) {
        return Optional.empty();
    }
}
