package io.switchboard.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param defaultQueue the human queue conversations go to when no rule picks another */
@ConfigurationProperties("switchboard.routing")
public record RoutingProperties(@DefaultValue("default") String defaultQueue) {
}
