package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** What the inbox page loads: who is signed in, their conversation lists, live updates, and the login form's token. */
@RestController
@Tag(name = "inbox")
class InboxController {

    private final InboxAccess access;
    private final InboxViews views;
    private final LiveUpdates live;
    private final AgentRoster roster;
    private final ObjectProvider<ClientRegistrationRepository> oidc;

    InboxController(InboxAccess access, InboxViews views, LiveUpdates live, AgentRoster roster,
                    ObjectProvider<ClientRegistrationRepository> oidc) {
        this.access = access;
        this.views = views;
        this.live = live;
        this.roster = roster;
        this.oidc = oidc;
    }

    record Session(String username, List<String> roles, boolean supervisor, boolean admin, Agent agent,
                   String csrfHeader, String csrfParameter, String csrfToken) {
    }

    @GetMapping("/api/v1/session")
    @Operation(summary = "The signed-in user: roles, agent profile and the CSRF token the page sends back")
    Session session(Authentication auth, CsrfToken csrf) {
        InboxAccess.Viewer viewer = access.viewer(auth);
        List<String> roles = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5).toLowerCase()).sorted().toList();
        return new Session(viewer.username(), roles, viewer.supervisor(), viewer.admin(), roster.ensure(viewer.username()),
                csrf == null ? null : csrf.getHeaderName(), csrf == null ? null : csrf.getParameterName(),
                csrf == null ? null : csrf.getToken());
    }

    @GetMapping("/api/v1/inbox")
    @Operation(summary = "My conversations and the waiting conversations of the queues I can see")
    InboxViews.Inbox inbox(Authentication auth) {
        return views.inbox(access.viewer(auth));
    }

    @GetMapping(path = "/api/v1/inbox/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live updates (server-sent events): conversation, agent and alert events")
    SseEmitter events(Authentication auth) {
        return live.subscribe(access.viewer(auth));
    }

    record LoginOptions(String parameterName, String token, List<Provider> providers) {
    }

    record Provider(String name, String url) {
    }

    @GetMapping("/inbox/login-options")
    LoginOptions loginOptions(CsrfToken csrf) {
        var providers = new ArrayList<Provider>();
        oidc.ifAvailable(repository -> {
            if (repository instanceof Iterable<?> registrations) {
                for (Object r : registrations) {
                    ClientRegistration registration = (ClientRegistration) r;
                    providers.add(new Provider(registration.getClientName(),
                            "/oauth2/authorization/" + registration.getRegistrationId()));
                }
            }
        });
        return new LoginOptions(csrf.getParameterName(), csrf.getToken(), providers);
    }
}
