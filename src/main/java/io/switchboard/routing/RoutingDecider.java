package io.switchboard.routing;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Decision;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides who answers an open conversation. There is no automated responder yet, so every
 * conversation goes to the default human queue, and the decision says so.
 */
@Component("routingDecider")
public class RoutingDecider {

    static final String HUMAN_QUEUE = "human-queue";
    private static final Logger log = LoggerFactory.getLogger(RoutingDecider.class);

    private final ConversationMemory memory;
    private final RoutingProperties properties;
    private final Clock clock;

    RoutingDecider(ConversationMemory memory, RoutingProperties properties, Clock clock) {
        this.memory = memory;
        this.properties = properties;
        this.clock = clock;
    }

    /** Routes the conversation if it is still waiting for a decision; returns it as it stands. */
    public Conversation decide(@Header("switchboard-conversation-id") String conversationId) {
        Conversation conversation = memory.require(conversationId);
        if (conversation.status() != ConversationStatus.OPEN) {
            return conversation;
        }
        var decision = new Decision(clock.instant(), HUMAN_QUEUE, properties.defaultQueue(),
                "no automated responder is configured: a person answers", Map.of("rule", "default-queue"));
        Conversation queued = memory.queue(conversationId, properties.defaultQueue(), decision);
        log.info("conversation {} queued to {} (rule default-queue)", conversationId, properties.defaultQueue());
        return queued;
    }
}
