package io.switchboard.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A key's place between 0 and 1, the same on every member and every run (SHA-256 of the key): picks a
 * share of things stably, such as the AI's answers sampled for an audit or the customers an intent's
 * rollout answers; a larger share keeps every key a smaller one picked.
 */
public final class StableShare {

    private StableShare() {
    }

    /** Where {@code key} falls, from 0 (included) to 1 (excluded). */
    public static double of(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(digest).getLong() >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code key} is among the {@code share} (0 to 1) picked. */
    public static boolean picks(String key, double share) {
        return share >= 1 || share > 0 && of(key) < share;
    }
}
