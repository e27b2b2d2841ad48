package io.switchboard.system;

import com.hazelcast.config.Config;

/**
 * A feature's addition to the member's configuration that the YAML file cannot express (serializers
 * that need arguments, say). Declare one as a bean; it runs before the member starts.
 */
@FunctionalInterface
public interface HazelcastCustomizer {

    void customize(Config config);
}
