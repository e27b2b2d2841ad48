package io.switchboard.channel.chat;

import io.switchboard.system.SharedSecrets;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Signed visitor tokens: {@code v1.<visitor id>.<HMAC-SHA256>}, kept in the visitor's browser. A
 * token that does not verify is worth nothing: its holder becomes a new anonymous visitor.
 */
@Component
class VisitorTokens {

    private static final Pattern VISITOR_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    VisitorTokens(ChatProperties properties, SharedSecrets secrets) {
        String secret = properties.tokenSecret() == null || properties.tokenSecret().isBlank()
                ? secrets.getOrCreate("chat.token-secret") : properties.tokenSecret();
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String newVisitorId() {
        return UUID.randomUUID().toString();
    }

    String issue(String visitorId) {
        return "v1." + visitorId + "." + sign(visitorId);
    }

    /** The visitor id the token was issued for, if it verifies. */
    Optional<String> verify(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !"v1".equals(parts[0]) || !VISITOR_ID.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        boolean valid = MessageDigest.isEqual(sign(parts[1]).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII));
        return valid ? Optional.of(parts[1]) : Optional.empty();
    }

    private String sign(String visitorId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(visitorId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
