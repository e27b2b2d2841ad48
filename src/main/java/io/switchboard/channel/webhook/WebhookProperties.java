package io.switchboard.channel.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Provider webhooks.
 *
 * @param secret      key of the {@code X-Switchboard-Signature} HMAC that other systems sign their
 *                    webhooks with (voice transcripts); empty: those webhooks are switched off
 * @param maxBodySize largest webhook body accepted; larger ones get 413 and are never read whole
 * @param tolerance   how far the signed {@code X-Switchboard-Timestamp} may be from now: an older
 *                    request is refused as a replay
 */
@ConfigurationProperties("switchboard.webhooks")
public record WebhookProperties(String secret, @DefaultValue("64KB") DataSize maxBodySize,
                                @DefaultValue("5m") Duration tolerance) {

    public WebhookProperties {
        secret = secret == null || secret.isBlank() ? null : secret;
        if (maxBodySize.toBytes() < 1024) {
            throw new IllegalArgumentException("switchboard.webhooks.max-body-size must be at least 1KB");
        }
        if (tolerance.isNegative() || tolerance.isZero() || tolerance.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("switchboard.webhooks.tolerance must be between 1s and 1h");
        }
    }

    @Override
    public String toString() {
        return "WebhookProperties[secret=" + (secret == null ? "none" : "****") + ", maxBodySize=" + maxBodySize
                + ", tolerance=" + tolerance + "]";
    }
}
