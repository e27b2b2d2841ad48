package io.switchboard.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a page session (form sign-in) whose user was disabled, deleted, given other roles or a new
 * password since they signed in, on whichever instance holds it: the request goes on unauthenticated,
 * so the page is sent to sign in again. Calls with basic or bearer credentials check the user on every
 * request anyway.
 */
class SessionCheck extends OncePerRequestFilter {

    static final String SIGNED_IN_AT = SessionCheck.class.getName() + ".signedInAt";
    private static final Logger log = LoggerFactory.getLogger(SessionCheck.class);

    private final UserAccounts users;
    private final Clock clock;

    SessionCheck(UserAccounts users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (session != null && auth instanceof UsernamePasswordAuthenticationToken && auth.isAuthenticated()) {
            Set<String> roles = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5).toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.toSet());
            Instant signedInAt = session.getAttribute(SIGNED_IN_AT) instanceof Instant at ? at : Instant.EPOCH;
            if (!users.sessionStillValid(auth.getName(), roles, signedInAt)) {
                log.info("session of {} ended: the account was disabled, deleted or changed since sign-in", auth.getName());
                session.invalidate();
                SecurityContextHolder.clearContext();
            }
        }
        chain.doFilter(request, response);
    }

    /** Remembers when a page session signed in (form or OpenID Connect). */
    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(SIGNED_IN_AT, clock.instant(), RequestAttributes.SCOPE_SESSION);
        }
    }
}
