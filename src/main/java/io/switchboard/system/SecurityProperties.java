package io.switchboard.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the agent API.
 *
 * @param users    users with hashed passwords ({@code {bcrypt}...}) and roles (agent, supervisor, admin)
 * @param devUsers          true when {@code users} are the published development users: the gateway
 *                          then warns at start-up and refuses to listen beyond loopback; production
 *                          profiles set false and bring their own users
 * @param devUsersOnNetwork lets the development users be reachable from the network (a throwaway
 *                          demo machine); never in production
 */
@ConfigurationProperties("switchboard.security")
public record SecurityProperties(@DefaultValue List<User> users, @DefaultValue("false") boolean devUsers,
                                 @DefaultValue("false") boolean devUsersOnNetwork) {

    /** One user; {@code password} is a Spring Security hash such as {@code {bcrypt}$2a$10$...}. */
    public record User(String username, String password, @DefaultValue List<String> roles) {
        public User {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("switchboard.security.users: every user needs a username");
            }
            if (password == null || !password.startsWith("{") || password.startsWith("{noop}")) {
                throw new IllegalArgumentException("switchboard.security.users: the password of " + username
                        + " must be a hash such as {bcrypt}$2a$10$... (plain text is refused)");
            }
        }
    }
}
