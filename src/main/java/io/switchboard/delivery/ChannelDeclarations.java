package io.switchboard.delivery;

import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the configuration says of channels.
 *
 * @param disabled     installed channels switched off
 * @param capabilities what each channel carries, by channel (the built-in ones in {@code application.yaml});
 *                     set here, it wins over what a connector declares from its own settings
 */
@ConfigurationProperties("switchboard.channels")
public record ChannelDeclarations(@DefaultValue Set<String> disabled,
                                  @DefaultValue Map<String, ChannelCapabilities> capabilities) {

    public ChannelDeclarations {
        disabled = Set.copyOf(disabled);
        capabilities = Map.copyOf(capabilities);
    }
}
