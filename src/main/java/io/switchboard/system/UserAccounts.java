package io.switchboard.system;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The users who may sign in: those of {@code switchboard.security.users} (fixed, changed only in
 * configuration; at least one is required) and those an admin creates at runtime, kept in the
 * database with a bcrypt hash. Roles are agent, supervisor, admin, monitoring and privacy; every change is
 * audited. A change to who a runtime user is (disabled, deleted, other roles, new password) is told
 * to every instance ({@link AccessChanges}): their page sessions and live-update streams end everywhere.
 */
@Service
public class UserAccounts implements UserDetailsService {

    /**
     * {@code monitoring} may read the metrics and nothing else (a Prometheus scraper's user or token);
     * {@code privacy} may export and erase customers' data and place legal holds, and nothing else;
     * {@code notifications} may send proactive messages (a company system's token), and nothing else;
     * {@code reviewer} grades the AI's answers and sees its audited accuracy, and nothing else.
     */
    public static final Set<String> ROLES = Set.of("agent", "supervisor", "admin", "monitoring", "privacy",
            "notifications", "reviewer");
    private static final Logger log = LoggerFactory.getLogger(UserAccounts.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final int MIN_PASSWORD = 10;

    private final Map<String, SecurityProperties.User> configured = new LinkedHashMap<>();
    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;
    private final AccessChanges changes;

    UserAccounts(SecurityProperties properties, JdbcTemplate jdbc, PasswordEncoder passwords, AuditLog audit,
                 Clock clock, AccessChanges changes) {
        if (properties.users().isEmpty()) {
            throw new IllegalStateException("No users are configured. Set switchboard.security.users (username, "
                    + "a {bcrypt} password hash, roles) for this environment; the development users exist only "
                    + "in the default profile.");
        }
        properties.users().forEach(u -> configured.put(u.username(), u));
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.changes = changes;
        if (properties.devUsers()) {
            log.warn("DEVELOPMENT USERS ACTIVE: agent/agent, supervisor/supervisor, admin/admin. "
                    + "Never expose this gateway like this; production profiles refuse to start without their own users.");
        }
    }

    /** A user as admins see them (never the password). */
    public record Account(String username, List<String> roles, boolean enabled, String source, Instant createdAt,
                          Instant updatedAt, @JsonIgnore Instant passwordChangedAt) {
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        SecurityProperties.User fixed = configured.get(username);
        if (fixed != null) {
            return User.withUsername(fixed.username()).password(fixed.password()).roles(upper(fixed.roles())).build();
        }
        var rows = jdbc.query("select password, roles, enabled from app_user where username = ?", (rs, i) ->
                User.withUsername(username).password(rs.getString("password"))
                        .roles(upper(split(rs.getString("roles")))).disabled(!rs.getBoolean("enabled")).build(), username);
        if (rows.isEmpty()) {
            throw new UsernameNotFoundException("no such user");
        }
        return rows.get(0);
    }

    public Optional<Account> find(String username) {
        SecurityProperties.User fixed = configured.get(username);
        if (fixed != null) {
            return Optional.of(new Account(fixed.username(), sorted(fixed.roles()), true, "configuration", null, null,
                    null));
        }
        return jdbc.query("select * from app_user where username = ?", (rs, i) -> account(rs), username).stream()
                .findFirst();
    }

    private static Account account(ResultSet rs) throws SQLException {
        Timestamp passwordChanged = rs.getTimestamp("password_changed_at");
        return new Account(rs.getString("username"), sorted(split(rs.getString("roles"))), rs.getBoolean("enabled"),
                "admin", rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                passwordChanged == null ? null : passwordChanged.toInstant());
    }

    public List<Account> list() {
        var accounts = new ArrayList<Account>();
        configured.values().forEach(u -> accounts.add(new Account(u.username(), sorted(u.roles()), true,
                "configuration", null, null, null)));
        accounts.addAll(jdbc.query("select * from app_user", (rs, i) -> account(rs)));
        accounts.sort(Comparator.comparing(Account::username));
        return accounts;
    }

    public Account create(String username, String password, List<String> roles, String actor) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("a user name is 1-128 letters, digits, '.', '_', '@' or '-'");
        }
        if (configured.containsKey(username)) {
            throw new IllegalStateException(username + " is defined in configuration");
        }
        List<String> checked = checkRoles(roles);
        Timestamp now = Timestamp.from(clock.instant());
        try {
            jdbc.update("insert into app_user (username, password, roles, enabled, created_at, updated_at) "
                    + "values (?, ?, ?, ?, ?, ?)", username, passwords.encode(checkPassword(password)),
                    String.join(",", checked), true, now, now);
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("user " + username + " exists already");
        }
        audit.record(actor, "user.created", "user", username, Map.of("roles", String.join(",", checked)));
        return find(username).orElseThrow();
    }

    public Account changeRoles(String username, List<String> roles, String actor) {
        Account before = runtimeAccount(username);
        List<String> checked = checkRoles(roles);
        jdbc.update("update app_user set roles = ?, updated_at = ? where username = ?", String.join(",", checked),
                Timestamp.from(clock.instant()), username);
        audit.record(actor, "user.roles-changed", "user", username,
                Map.of("from", String.join(",", before.roles()), "to", String.join(",", checked)));
        changes.changed(username);
        return find(username).orElseThrow();
    }

    public Account setEnabled(String username, boolean enabled, String actor) {
        runtimeAccount(username);
        jdbc.update("update app_user set enabled = ?, updated_at = ? where username = ?", enabled,
                Timestamp.from(clock.instant()), username);
        audit.record(actor, enabled ? "user.enabled" : "user.disabled", "user", username, Map.of());
        changes.changed(username);
        return find(username).orElseThrow();
    }

    public void changePassword(String username, String password, String actor) {
        runtimeAccount(username);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("update app_user set password = ?, updated_at = ?, password_changed_at = ? where username = ?",
                passwords.encode(checkPassword(password)), now, now, username);
        audit.record(actor, "user.password-changed", "user", username, Map.of());
        changes.changed(username);
    }

    public void delete(String username, String actor) {
        runtimeAccount(username);
        jdbc.update("delete from app_user where username = ?", username);
        audit.record(actor, "user.deleted", "user", username, Map.of());
        changes.changed(username);
    }

    /** True when the user exists and may sign in. */
    public boolean isActive(String username) {
        return configured.containsKey(username) || find(username).map(Account::enabled).orElse(false);
    }

    /**
     * True when a page session that signed in as {@code username} at {@code signedInAt} with these
     * roles may go on: configured users always, runtime users while they exist, are enabled, hold
     * exactly these roles and kept their password since. Read from the database at most every
     * {@link AccessChanges#STATE_TTL} per instance, and at once after a change on any instance.
     */
    public boolean sessionStillValid(String username, Set<String> roles, Instant signedInAt) {
        if (configured.containsKey(username)) {
            return true;
        }
        return changes.lastRead(username, this::find).filter(Account::enabled)
                .filter(a -> new TreeSet<>(a.roles()).equals(new TreeSet<>(roles)))
                .filter(a -> a.passwordChangedAt() == null || signedInAt == null || !a.passwordChangedAt().isAfter(signedInAt))
                .isPresent();
    }

    private Account runtimeAccount(String username) {
        if (configured.containsKey(username)) {
            throw new IllegalStateException(username + " is defined in configuration; change it there");
        }
        return find(username).orElseThrow(() -> new NoSuchElementException("no user " + username));
    }

    private static List<String> checkRoles(List<String> roles) {
        List<String> normalized = roles == null ? List.of()
                : roles.stream().map(r -> r.strip().toLowerCase(Locale.ROOT)).distinct().sorted().toList();
        if (normalized.isEmpty() || !ROLES.containsAll(normalized)) {
            throw new IllegalArgumentException("roles are one or more of " + new TreeSet<>(ROLES));
        }
        return normalized;
    }

    private static String checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD + " characters");
        }
        return password;
    }

    private static List<String> split(String roles) {
        return Arrays.stream(roles.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
    }

    private static List<String> sorted(List<String> roles) {
        return roles.stream().map(r -> r.toLowerCase(Locale.ROOT)).sorted().toList();
    }

    private static String[] upper(List<String> roles) {
        return roles.stream().map(r -> r.toUpperCase(Locale.ROOT)).toArray(String[]::new);
    }
}
