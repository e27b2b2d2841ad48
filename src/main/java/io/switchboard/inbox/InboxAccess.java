package io.switchboard.inbox;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationSummary;
import java.util.Set;
import io.switchboard.system.ConversationAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may see what: supervisors and admins see every queue and conversation; an agent sees the
 * queues they belong to, the conversations waiting there and those they own. Conversations in no
 * queue (not routed yet, or with the AI) count as the default queue's. Anything else is refused
 * (403) and logged.
 */
@Component
class InboxAccess implements ConversationAccess {

    private static final Logger log = LoggerFactory.getLogger(InboxAccess.class);

    private final AgentRoster roster;
    private final ConversationMemory memory;
    private final ConversationListing listing;
    private final QueueDirectory queues;

    InboxAccess(AgentRoster roster, ConversationMemory memory, ConversationListing listing, QueueDirectory queues) {
        this.roster = roster;
        this.memory = memory;
        this.listing = listing;
        this.queues = queues;
    }

    /**
     * The signed-in user as the inbox sees them.
     *
     * @param unqueued true when they see conversations in no queue (they belong to the default queue)
     */
    record Viewer(String username, boolean supervisor, boolean admin, Set<String> queues, boolean unqueued) {

        boolean sees(Conversation c) {
            return sees(c.queue(), c.assignee());
        }

        boolean sees(ConversationSummary s) {
            return sees(s.queue(), s.assignee());
        }

        boolean sees(String queue, String assignee) {
            return supervisor || username.equals(assignee) || (queue == null ? unqueued : queues.contains(queue));
        }

        /** What of the conversation list they may see. */
        ConversationListing.Scope scope(Set<ConversationStatus> statuses) {
            return supervisor ? new ConversationListing.Scope(statuses, null, username, false)
                    : new ConversationListing.Scope(statuses, queues, username, unqueued);
        }

        boolean seesQueue(String queue) {
            return supervisor || queues.contains(queue);
        }
    }

    /** Raised when a user reaches for something outside what they may see. */
    static class Refused extends AccessDeniedException {
        Refused(String message) {
            super(message);
        }
    }

    Viewer viewer(Authentication auth) {
        boolean admin = has(auth, "ROLE_ADMIN");
        boolean supervisor = admin || has(auth, "ROLE_SUPERVISOR");
        Agent agent = roster.ensure(auth.getName());
        roster.seen(auth.getName());
        return new Viewer(auth.getName(), supervisor, admin, agent.queues(), agent.queues().contains(queues.defaultQueue()));
    }

    /** The conversation, if the user may see it; otherwise 403, logged. */
    Conversation conversation(String conversationId, Authentication auth) {
        Conversation c = memory.require(conversationId);
        Viewer viewer = viewer(auth);
        if (!viewer.sees(c)) {
            log.warn("access refused: {} may not open conversation {} (queue {}, not one of theirs)",
                    viewer.username(), conversationId, c.queue());
            throw new Refused("this conversation is not in your queues");
        }
        return c;
    }

    @Override
    public void requireConversation(String conversationId, Authentication user) {
        conversation(conversationId, user);
    }

    @Override
    public void requireEveryQueue(Authentication user) {
        Viewer viewer = viewer(user);
        if (!viewer.supervisor()) {
            log.warn("access refused: {} may not open something that belongs to no conversation", viewer.username());
            throw new Refused("only supervisors may open this");
        }
    }

    /** Requires that the user may see one of the customer's conversations. */
    void customer(String customerId, Authentication auth) {
        if (!maySeeCustomer(customerId, auth)) {
            throw new Refused("this customer has no conversation in your queues");
        }
    }

    /** The role that answers customers' requests about their data: finds any customer by address. */
    boolean privacyOfficer(Authentication auth) {
        return has(auth, "ROLE_PRIVACY");
    }

    /** True when the user may see one of the customer's conversations; a refusal is logged. */
    boolean maySeeCustomer(String customerId, Authentication auth) {
        Viewer viewer = viewer(auth);
        if (viewer.supervisor() || listing.forCustomer(customerId, 100).stream().anyMatch(viewer::sees)) {
            return true;
        }
        log.warn("access refused: {} may not open customer {} (none of their conversations is in their queues)",
                viewer.username(), customerId);
        return false;
    }

    void queue(String queue, Authentication auth) {
        Viewer viewer = viewer(auth);
        if (!viewer.seesQueue(queue)) {
            log.warn("access refused: {} may not open queue {}", viewer.username(), queue);
            throw new Refused("you do not belong to this queue");
        }
    }

    private static boolean has(Authentication auth, String authority) {
        return auth.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }
}
