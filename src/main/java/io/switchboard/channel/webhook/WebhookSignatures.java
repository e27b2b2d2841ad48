package io.switchboard.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC other systems sign webhooks with: {@code X-Switchboard-Timestamp: <unix seconds>} and
 * {@code X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. The timestamp is
 * signed with the body, so a captured request cannot be replayed once it is older than the tolerance.
 */
public final class WebhookSignatures {

    public static final String HEADER = "X-Switchboard-Signature";
    public static final String TIMESTAMP_HEADER = "X-Switchboard-Timestamp";
    private static final String PREFIX = "sha256=";

    private WebhookSignatures() {
    }

    /** Why a request was refused, or {@link #VALID}. */
    public enum Verdict {
        VALID("valid"),
        MISSING("signature or timestamp missing"),
        STALE("timestamp outside the tolerance (replayed or clock skew)"),
        MISMATCH("signature does not match");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** The signature header value for {@code body} sent at {@code timestamp} (unix seconds). */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Checks a signed request: the timestamp within {@code tolerance} of {@code now}, and the
     * signature over it and the body, compared in constant time.
     */
    public static Verdict verify(String secret, String timestampHeader, byte[] body, String signatureHeader,
                                 Instant now, Duration tolerance) {
        if (secret == null || signatureHeader == null || timestampHeader == null
                || !signatureHeader.strip().toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return Verdict.MISSING;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return Verdict.MISSING;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signatureHeader.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.MISMATCH;
    }
}
