package io.switchboard.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The agent API.
 *
 * @param maxBodySize largest request body under {@code /api/}; larger ones get 413 and are never read whole
 */
@ConfigurationProperties("switchboard.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize) {

    public ApiProperties {
        if (maxBodySize.toBytes() < 1024) {
            throw new IllegalArgumentException("switchboard.api.max-body-size must be at least 1KB");
        }
    }
}
