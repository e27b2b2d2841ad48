package io.switchboard.inbox;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;

/** An agent who signs out of the inbox goes offline: their conversations go back to the queue. */
@Component
class SignOutPresence {

    private final Handovers handovers;
    private final AgentRoster roster;

    SignOutPresence(Handovers handovers, AgentRoster roster) {
        this.handovers = handovers;
        this.roster = roster;
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        String username = event.getAuthentication().getName();
        if (roster.find(username).map(a -> a.presence() != Presence.OFFLINE).orElse(false)) {
            handovers.setPresence(username, Presence.OFFLINE, username);
        }
    }
}
