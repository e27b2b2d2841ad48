package io.switchboard.channel.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Provider webhooks.
 *
 * @param secret      key of the {@code X-Switchboard-Signature} HMAC that other systems sign their
 *                    webhooks with (voice transcripts); empty: those webhooks are switched off
 * @param maxBodySize largest webhook body accepted; larger ones get 413 and are never read whole
 */
@ConfigurationProperties("switchboard.webhooks")
public record WebhookProperties(String secret, @DefaultValue("64KB") DataSize maxBodySize) {

    public WebhookProperties {
        secret = secret == null || secret.isBlank() ? null : secret;
        if (maxBodySize.toBytes() < 1024) {
            throw new IllegalArgumentException("switchboard.webhooks.max-body-size must be at least 1KB");
        }
    }

    @Override
    public String toString() {
        return "WebhookProperties[secret=" + (secret == null ? "none" : "****") + ", maxBodySize=" + maxBodySize + "]";
    }
}
