package io.switchboard.system;

import org.springframework.security.core.Authentication;

/**
 * Who may read what belongs to a conversation. The inbox decides (queues, ownership, roles); anything
 * that serves a conversation's data outside the inbox's own API (the archived originals of e-mails)
 * asks here, so every {@code {id}} of the API is checked against the caller's queues the same way.
 */
public interface ConversationAccess {

    /** Refuses (an {@code AccessDeniedException}, 403) unless the user may open the conversation. */
    void requireConversation(String conversationId, Authentication user);

    /** Refuses unless the user sees every queue (supervisors and admins). */
    void requireEveryQueue(Authentication user);
}
