package io.switchboard.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Points Camel at the routes and Kamelets to load: the folders named by
 * {@code switchboard.routes-dir} (default {@code routes}) and {@code switchboard.connectors-dir}
 * (default {@code connectors}) when they exist, so an installation edits or mounts its own; else the
 * copies packaged in the jar. An explicit {@code camel.main.routes-include-pattern} or
 * {@code camel.component.kamelet.location} wins.
 */
public class ConnectorLocations implements EnvironmentPostProcessor {

    static final String ROUTES_PATTERN = "camel.main.routes-include-pattern";
    static final String KAMELET_LOCATION = "camel.component.kamelet.location";
    static final String ROUTE_EXCLUDE = "camel.main.route-filter-exclude-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> resolved = new HashMap<>();
        if (!environment.containsProperty(ROUTES_PATTERN)) {
            Path routes = Path.of(environment.getProperty("switchboard.routes-dir", "routes")).toAbsolutePath();
            resolved.put(ROUTES_PATTERN, Files.isDirectory(routes)
                    ? "file:" + routes + "/*.yaml" : packagedRoutes(application));
        }
        if (!environment.containsProperty(KAMELET_LOCATION)) {
            Path connectors = Path.of(environment.getProperty("switchboard.connectors-dir", "connectors")).toAbsolutePath();
            resolved.put(KAMELET_LOCATION, Files.isDirectory(connectors)
                    ? "file:" + connectors + "," + "classpath:kamelets" : "classpath:kamelets");
        }
        var disabled = Binder.get(environment).bind("switchboard.channels.disabled", Bindable.setOf(String.class))
                .orElse(Set.of());
        if (!disabled.isEmpty() && !environment.containsProperty(ROUTE_EXCLUDE)) {
            resolved.put(ROUTE_EXCLUDE, disabled.stream().map(String::strip).filter(c -> !c.isEmpty()).sorted()
                    .map(c -> c + "-inbound").collect(Collectors.joining(",")));
        }
        environment.getPropertySources().addLast(new MapPropertySource("switchboard-connector-locations", resolved));
    }

    /**
     * The packaged route files, each by name: given {@code classpath:routes/*.yaml}, Camel reads
     * through the whole packaged jar (libraries and the embedding model), seconds of every start;
     * Spring lists the folder from the jar's index.
     */
    private static String packagedRoutes(SpringApplication application) {
        ClassLoader loader = application == null ? null : application.getClassLoader();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver(loader).getResources("classpath*:routes/*.yaml");
            String listed = Arrays.stream(files).map(Resource::getFilename).filter(Objects::nonNull).distinct().sorted()
                    .map(name -> "classpath:routes/" + name).collect(Collectors.joining(","));
            return listed.isEmpty() ? "classpath:routes/*.yaml" : listed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the packaged routes", e);
        }
    }
}
