package io.switchboard.system;

import java.util.Properties;
import java.util.function.Predicate;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.stereotype.Component;

/**
 * Lets connectors take their settings from the application's configuration, in Camel's own form
 * {@code camel.kamelet.<connector>.<property>} (see application.yaml), wherever they are used: a
 * Kamelet reads its settings by listing that prefix, which Camel cannot do on Spring's configuration
 * by itself. Values may refer to other properties, so they can be set from the environment.
 */
@Component
class KameletSettings implements LoadablePropertiesSource {

    private static final String PREFIX = "camel.kamelet.";
    private final ConfigurableEnvironment environment;

    KameletSettings(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public String getName() {
        return "switchboard-kamelet-settings";
    }

    @Override
    public String getProperty(String name) {
        return name.startsWith(PREFIX) ? environment.getProperty(name) : null;
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(name -> true);
    }

    @Override
    public Properties loadProperties(Predicate<String> filter) {
        var found = new Properties();
        for (var source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(PREFIX) && filter.test(name) && !found.containsKey(name)) {
                        String value = environment.getProperty(name);
                        if (value != null) {
                            found.setProperty(name, value);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void reloadProperties(String location) {
        // read live from the environment: nothing cached to reload
    }
}
