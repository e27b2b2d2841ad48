package io.switchboard.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what. The inbox page signs in with a form (or an OpenID Connect provider), keeps a
 * session that times out, and sends a CSRF token with every change. The API takes the same session,
 * HTTP basic, or a bearer API token. A request that carries an {@code Authorization} header goes
 * through a chain of its own that never looks at the session: it authenticates by that header or not
 * at all, and only such a request goes without a CSRF token. The chat page and socket and provider
 * webhooks (which check their own signatures) are open; health is open, metrics need the
 * {@code monitoring} or {@code admin} role, the OpenAPI description a signed-in user. Roles are
 * checked next to each endpoint. Every response carries a Content-Security-Policy and the other
 * usual headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final String LOGIN = "/inbox/login";
    private static final String[] STAFF = {"AGENT", "SUPERVISOR", "ADMIN"};
    /** A customer's export, erasure and legal hold: the privacy officer's, not the agents' */
    private static final String[] DATA_RIGHTS = {"/api/v1/customers/*/export", "/api/v1/customers/*/erase",
            "/api/v1/customers/*/legal-hold"};

    /** Calls that bring their own credentials (basic, bearer): stateless, no session, no CSRF token needed. */
    @Bean
    @Order(1)
    SecurityFilterChain credentials(HttpSecurity http, ApiTokens tokens) throws Exception {
        http.securityMatcher(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null);
        authorize(http);
        http.httpBasic(basic -> basic.authenticationEntryPoint(basicEntryPoint()))
                .oauth2ResourceServer(bearer -> bearer.opaqueToken(opaque -> opaque.introspector(tokens)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(basicEntryPoint()))
                .csrf(AbstractHttpConfigurer::disable);
        headers(http);
        return http.build();
    }

    /** Everything else: the page's session (form or OIDC sign-in), CSRF-protected. */
    @Bean
    @Order(2)
    SecurityFilterChain gateway(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> oidc,
                                OidcProperties oidcProperties, SessionCheck sessionCheck) throws Exception {
        var inboxPages = new HttpSessionRequestCache();
        inboxPages.setRequestMatcher(request -> "GET".equals(request.getMethod()) && path(request).startsWith("/inbox/"));
        authorize(http);
        http.formLogin(form -> form.loginPage(LOGIN).loginProcessingUrl(LOGIN).successHandler(SecurityConfiguration::home)
                        .failureUrl(LOGIN + "?error"))
                .logout(logout -> logout.logoutUrl("/inbox/logout").logoutSuccessUrl(LOGIN + "?logout"))
                .requestCache(cache -> cache.requestCache(inboxPages))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoints())
                        .accessDeniedHandler(signInFirst()))
                .csrf(csrf -> csrf.ignoringRequestMatchers(request -> path(request).startsWith("/webhooks/")))
                .addFilterBefore(sessionCheck, AuthorizationFilter.class);
        headers(http);
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(login -> login.loginPage(LOGIN).successHandler(SecurityConfiguration::home)
                    .userInfoEndpoint(user -> user.oidcUserService(oidcUsers(oidcProperties))));
        }
        return http.build();
    }

    /** Before security: an oversized body is refused before anyone reads it, signed in or not. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> apiBodyLimit(ApiProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimit(properties.maxBodySize().toBytes()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("apiBodyLimit");
        return registration;
    }

    /**
     * No observation per security filter, authentication and authorization: on every request they
     * cost more than the filters themselves. Requests stay measured as a whole, refusals included
     * ({@code http.server.requests} with its status).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SessionCheck sessionCheck(UserAccounts users, Clock clock) {
        return new SessionCheck(users, clock);
    }

    /** The session check runs inside the security chain only, not as a filter of its own. */
    @Bean
    FilterRegistrationBean<SessionCheck> sessionCheckOutsideTheChain(SessionCheck check) {
        var registration = new FilterRegistrationBean<>(check);
        registration.setEnabled(false);
        return registration;
    }

    /** After signing in: the inbox, or for a reviewer who works nowhere else the review of the AI's answers. */
    private static void home(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException {
        var roles = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        boolean staff = Arrays.stream(STAFF).anyMatch(role -> roles.contains("ROLE_" + role));
        response.sendRedirect(request.getContextPath()
                + (!staff && roles.contains("ROLE_REVIEWER") ? "/inbox/review.html" : "/inbox/"));
    }

    private static void authorize(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                .requestMatchers(LOGIN, "/inbox/login.html", "/inbox/login.js", "/inbox/inbox.css",
                        "/inbox/login-options").permitAll()
                .requestMatchers("/inbox/review.html", "/inbox/review.js").hasAnyRole("REVIEWER", "SUPERVISOR", "ADMIN")
                .requestMatchers("/inbox/**").hasAnyRole(STAFF)
                .requestMatchers(DATA_RIGHTS).hasAnyRole("PRIVACY", "ADMIN")
                .requestMatchers("/api/v1/notifications", "/api/v1/notifications/**").hasAnyRole("NOTIFICATIONS", "ADMIN")
                .requestMatchers("/api/v1/ai/**").hasAnyRole("REVIEWER", "SUPERVISOR", "ADMIN")
                // a request about one's data comes with an address: the privacy officer finds the customer by it
                .requestMatchers(HttpMethod.GET, "/api/v1/customers").hasAnyRole("AGENT", "SUPERVISOR", "ADMIN", "PRIVACY")
                .requestMatchers("/api/**").hasAnyRole(STAFF)
                .requestMatchers("/v3/api-docs", "/v3/api-docs/**").hasAnyRole(STAFF)
                .requestMatchers("/actuator/health/**", "/actuator/health").permitAll()
                .requestMatchers("/actuator/prometheus").hasAnyRole("MONITORING", "ADMIN")
                .requestMatchers("/actuator/**").hasRole("ADMIN")
                .anyRequest().permitAll());
    }

    private static void headers(HttpSecurity http) throws Exception {
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .crossOriginOpenerPolicy(coop -> coop.policy(
                        CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN)));
    }

    /**
     * The page is sent to the login form; its background calls get a bare 401 (no browser dialog);
     * API clients are asked for basic credentials, browsers opening an API address are not (so they
     * never cache basic credentials a forged request could reuse).
     */
    private static AuthenticationEntryPoint entryPoints() {
        var byRequest = new LinkedHashMap<RequestMatcher, AuthenticationEntryPoint>();
        byRequest.put(request -> path(request).startsWith("/inbox/"), new LoginUrlAuthenticationEntryPoint(LOGIN));
        byRequest.put(request -> "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                || String.valueOf(request.getHeader("Accept")).contains("text/html")
                || String.valueOf(request.getHeader("Accept")).contains("text/event-stream"),
                new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED));
        var entryPoint = new DelegatingAuthenticationEntryPoint(byRequest);
        entryPoint.setDefaultEntryPoint(basicEntryPoint());
        return entryPoint;
    }

    /**
     * A change to the API without a signed-in user fails the CSRF check before authentication: answer
     * 401 (sign in), not 403, so the page knows its session ended and keeps the reply being typed.
     */
    private static AccessDeniedHandler signInFirst() {
        var forbidden = new AccessDeniedHandlerImpl();
        var trust = new AuthenticationTrustResolverImpl();
        return (request, response, denied) -> {
            boolean signedIn = !trust.isAnonymous(SecurityContextHolder.getContext().getAuthentication())
                    && SecurityContextHolder.getContext().getAuthentication() != null;
            if (denied instanceof CsrfException && !signedIn && path(request).startsWith("/api/")) {
                response.sendError(HttpStatus.UNAUTHORIZED.value());
                return;
            }
            forbidden.handle(request, response, denied);
        };
    }

    private static BasicAuthenticationEntryPoint basicEntryPoint() {
        var basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("switchboard");
        return basic;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** An OIDC user gets the Switchboard roles named in the configured claim, and no sign-in without one. */
    private static OAuth2UserService<OidcUserRequest, OidcUser> oidcUsers(OidcProperties properties) {
        var delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            Object claim = user.getClaims().get(properties.rolesClaim());
            Collection<?> values = claim instanceof Collection<?> list ? list
                    : claim == null ? Set.of() : Arrays.asList(claim.toString().split("[,\\s]+"));
            Set<GrantedAuthority> roles = values.stream().map(v -> v.toString().strip().toLowerCase(Locale.ROOT))
                    .filter(v -> v.startsWith(properties.rolePrefix()))
                    .map(v -> v.substring(properties.rolePrefix().length())).filter(UserAccounts.ROLES::contains)
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r.toUpperCase(Locale.ROOT)))
                    .collect(Collectors.toSet());
            if (roles.isEmpty()) {
                throw new OAuth2AuthenticationException(new OAuth2Error("access_denied",
                        "the identity provider gave this user no Switchboard role", null));
            }
            String nameClaim = user.getClaims().containsKey(properties.usernameClaim()) ? properties.usernameClaim() : "sub";
            return new DefaultOidcUser(roles, user.getIdToken(), user.getUserInfo(), nameClaim);
        };
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
