package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Agents: presence (their own; supervisors anyone's), loads, and profiles (admins). */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "agents")
class AgentController {

    private final AgentRoster roster;
    private final Handovers handovers;
    private final InboxAccess access;

    AgentController(AgentRoster roster, Handovers handovers, InboxAccess access) {
        this.roster = roster;
        this.handovers = handovers;
        this.access = access;
    }

    /** An agent as others see them: conversations held counted per channel, not listed. */
    record AgentView(String username, String displayName, Set<String> queues, Set<String> skills,
                     Map<String, Integer> capacity, Presence presence, Instant presenceSince, Map<String, Long> load,
                     int active, Instant lastSeenAt, String source) {
        static AgentView of(Agent a) {
            var load = new TreeMap<String, Long>();
            a.active().values().forEach(slot -> load.merge(slot.channel(), 1L, Long::sum));
            return new AgentView(a.username(), a.displayName(), a.queues(), a.skills(), a.capacity(), a.presence(),
                    a.presenceSince(), load, a.active().size(), a.lastSeenAt(), a.source());
        }
    }

    @GetMapping
    @Operation(summary = "Agents: all of them for supervisors, those sharing a queue with me for agents")
    List<AgentView> list(Authentication auth) {
        InboxAccess.Viewer viewer = access.viewer(auth);
        return roster.all().stream()
                .filter(a -> viewer.supervisor() || a.username().equals(viewer.username())
                        || a.queues().stream().anyMatch(viewer.queues()::contains))
                .map(AgentView::of).toList();
    }

    @GetMapping("/me")
    @Operation(summary = "My profile, presence and load")
    AgentView me(Authentication auth) {
        access.viewer(auth);
        return AgentView.of(roster.ensure(auth.getName()));
    }

    record PresenceRequest(@NotNull Presence presence) {
    }

    @PutMapping("/me/presence")
    @Operation(summary = "Set my presence; available takes waiting conversations, offline gives mine back to the queue")
    AgentView myPresence(@Valid @RequestBody PresenceRequest request, Authentication auth) {
        access.viewer(auth);
        return AgentView.of(handovers.setPresence(auth.getName(), request.presence(), auth.getName()));
    }

    @PutMapping("/{username}/presence")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    @Operation(summary = "Set an agent's presence (supervisors)")
    AgentView presence(@PathVariable String username, @Valid @RequestBody PresenceRequest request, Authentication auth) {
        roster.find(username).orElseThrow(() -> new NoSuchElementException("no agent " + username));
        return AgentView.of(handovers.setPresence(username, request.presence(), auth.getName()));
    }

    /** A profile as an admin writes it. */
    record ProfileRequest(@Size(max = 200) String displayName, @NotNull Set<@NotBlank @Size(max = 64) String> queues,
                          Set<@Size(max = 100) String> skills, Map<String, Integer> capacity) {
    }

    @PutMapping("/{username}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Set an agent's queues, skills and capacity per channel (admins); audited")
    AgentView profile(@PathVariable String username, @Valid @RequestBody ProfileRequest request, Authentication auth) {
        return AgentView.of(roster.updateProfile(username, request.displayName(), request.queues(), request.skills(),
                request.capacity(), auth.getName()));
    }
}
