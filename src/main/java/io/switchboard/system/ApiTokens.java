package io.switchboard.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Service;

/**
 * Bearer tokens for integrations. A token acts as the user it was issued for, with that user's
 * current roles. Only a SHA-256 hash is stored (tokens are long random strings, so no slow hash is
 * needed); the token itself is shown once, when issued. Revoked tokens stop working at once.
 */
@Service
public class ApiTokens implements OpaqueTokenIntrospector {

    private static final String PREFIX = "sbt_";
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,128}");
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();
    private final JdbcTemplate jdbc;
    private final UserAccounts users;
    private final AuditLog audit;
    private final Clock clock;

    ApiTokens(JdbcTemplate jdbc, UserAccounts users, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** A token as stored: never the secret. */
    public record Token(String id, String name, String owner, Instant createdAt, String createdBy, Instant lastUsedAt,
                        Instant revokedAt, String revokedBy) {
    }

    /** A new token and, this once, its secret. */
    public record Issued(Token token, String secret) {
    }

    public Issued issue(String owner, String name, String actor) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a token name is 1-128 letters, digits, spaces, '.', '_' or '-'");
        }
        if (!users.isActive(owner)) {
            throw new IllegalArgumentException("no active user " + owner + " to issue the token for");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into api_token (id, name, owner, token_hash, created_at, created_by) values (?, ?, ?, ?, ?, ?)",
                id, name, owner, hash(secret), Timestamp.from(clock.instant()), actor);
        audit.record(actor, "token.issued", "token", id, Map.of("owner", owner, "name", name));
        return new Issued(find(id), secret);
    }

    public List<Token> list() {
        return jdbc.query("select * from api_token order by created_at desc", ApiTokens::row);
    }

    public Token revoke(String id, String actor) {
        Token token = find(id);
        if (token.revokedAt() != null) {
            throw new IllegalStateException("token " + id + " is revoked already");
        }
        jdbc.update("update api_token set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null",
                Timestamp.from(clock.instant()), actor, id);
        audit.record(actor, "token.revoked", "token", id, Map.of("owner", token.owner(), "name", token.name()));
        return find(id);
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String secret) {
        List<Token> found = secret == null || !secret.startsWith(PREFIX) ? List.of()
                : jdbc.query("select * from api_token where token_hash = ? and revoked_at is null", ApiTokens::row,
                hash(secret));
        if (found.isEmpty()) {
            throw new BadOpaqueTokenException("unknown or revoked token");
        }
        Token token = found.get(0);
        UserDetails user;
        try {
            user = users.loadUserByUsername(token.owner());
        } catch (UsernameNotFoundException e) {
            throw new BadOpaqueTokenException("the token's user no longer exists");
        }
        if (!user.isEnabled()) {
            throw new BadOpaqueTokenException("the token's user is disabled");
        }
        Instant now = clock.instant();
        jdbc.update("update api_token set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)",
                Timestamp.from(now), token.id(), Timestamp.from(now.minus(LAST_USED_GRANULARITY)));
        return new DefaultOAuth2AuthenticatedPrincipal(token.owner(), Map.of("token_id", token.id(), "token_name",
                token.name()), List.copyOf(user.getAuthorities()));
    }

    private Token find(String id) {
        return jdbc.query("select * from api_token where id = ?", ApiTokens::row, id).stream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("no token " + id));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Token row(ResultSet rs, int i) throws SQLException {
        Timestamp used = rs.getTimestamp("last_used_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Token(rs.getString("id"), rs.getString("name"), rs.getString("owner"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                used == null ? null : used.toInstant(), revoked == null ? null : revoked.toInstant(),
                rs.getString("revoked_by"));
    }
}
