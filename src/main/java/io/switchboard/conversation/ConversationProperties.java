package io.switchboard.conversation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Conversation memory settings.
 *
 * @param hotTurns     turns kept in memory per conversation; older ones are paged from the database
 * @param summaryChars budget of the running summary of turns that left memory
 * @param reopenWindow a message within this time after resolution reopens the conversation;
 *                     later, it starts a new one linked to the old
 */
@ConfigurationProperties("switchboard.conversation")
public record ConversationProperties(
        @DefaultValue("50") int hotTurns,
        @DefaultValue("4000") int summaryChars,
        @DefaultValue("72h") Duration reopenWindow) {

    public ConversationProperties {
        if (hotTurns < 1) {
            throw new IllegalArgumentException("switchboard.conversation.hot-turns must be at least 1");
        }
        if (summaryChars < 100) {
            throw new IllegalArgumentException("switchboard.conversation.summary-chars must be at least 100");
        }
    }

    Conversation.Limits limits() {
        return new Conversation.Limits(hotTurns, summaryChars);
    }
}
