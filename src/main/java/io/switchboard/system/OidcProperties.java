package io.switchboard.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Optional sign-in through an OpenID Connect provider (Keycloak, Entra ID, Okta, ...) for the
 * inbox page. It is on when a client registration is configured under
 * {@code spring.security.oauth2.client.registration.*}; roles come from a claim of the ID token.
 *
 * @param rolesClaim    claim holding the user's roles or groups (a list or a space/comma-separated string)
 * @param rolePrefix    prefix of the values that are Switchboard roles, e.g. {@code switchboard-} for
 *                      {@code switchboard-supervisor}; empty to take the values as they are
 * @param usernameClaim claim that becomes the user name (agents are keyed by it)
 */
@ConfigurationProperties("switchboard.security.oidc")
public record OidcProperties(@DefaultValue("roles") String rolesClaim, @DefaultValue("") String rolePrefix,
                             @DefaultValue("preferred_username") String usernameClaim) {
}
