package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.mock.env.MockEnvironment;
import org.yaml.snakeyaml.Yaml;

/**
 * Every file in routes/ and connectors/ parses with Camel's YAML DSL, every route has an id, and
 * every connector is a Kamelet of the kind its name says. A typo in any of them fails the build.
 */
class RoutesAndConnectorsTest {

    @TestFactory
    Stream<DynamicTest> everyRouteFileLoadsAndEveryRouteHasAnId() throws IOException {
        return files(Path.of("routes"), ".yaml").map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            try (CamelContext camel = new DefaultCamelContext()) {
                load(camel, file);
                List<RouteDefinition> routes = camel.getCamelContextExtension().getContextPlugin(Model.class)
                        .getRouteDefinitions();
                for (RouteDefinition route : routes) {
                    assertThat(route.hasCustomIdAssigned()).as("route from %s has an id", route.getInput()).isTrue();
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyConnectorIsAKameletThatLoads() throws IOException {
        return files(Path.of("connectors"), ".kamelet.yaml").map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            try (CamelContext camel = new DefaultCamelContext()) {
                load(camel, file);
                List<RouteTemplateDefinition> templates = camel.getCamelContextExtension()
                        .getContextPlugin(Model.class).getRouteTemplateDefinitions();
                String name = file.getFileName().toString().replace(".kamelet.yaml", "");
                assertThat(templates).extracting(RouteTemplateDefinition::getId).containsExactly(name);
                assertThat(name).matches("[a-z0-9-]+-(source|sink|action)");
                String yaml = Files.readString(file);
                assertThat(yaml).contains("camel.apache.org/kamelet.type: \"" + name.substring(name.lastIndexOf('-') + 1) + "\"");
            }
        }));
    }

    /**
     * A Kamelet's definition is its configuration contract (JSON Schema, as apache/camel-kamelets
     * writes them): every {@code {{name}}} its template uses is a declared property with a title, a
     * description and a type, every declared property is used, every required one is declared, and
     * one that holds a secret says {@code format: password} so tools mask it.
     */
    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> everyConnectorDeclaresThePropertiesItsTemplateUses() throws IOException {
        return files(Path.of("connectors"), ".kamelet.yaml").map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            Map<String, Object> kamelet = new Yaml().load(Files.readString(file));
            Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) kamelet.get("spec")).get("definition");
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
            assertThat(properties).as("declared properties").isNotEmpty();
            String template = new Yaml().dump(((Map<String, Object>) kamelet.get("spec")).get("template"));
            Set<String> used = Pattern.compile("\\{\\{([A-Za-z0-9]+)}}").matcher(template).results().map(m -> m.group(1))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(properties.keySet()).as("declared = used by the template").containsExactlyInAnyOrderElementsOf(used);
            assertThat(properties.keySet()).containsAll((List<String>) definition.getOrDefault("required", List.of()));
            properties.forEach((name, schema) -> {
                assertThat(schema).as(name).containsKeys("title", "description", "type");
                if (name.toLowerCase(java.util.Locale.ROOT).matches(".*(secret|token|password).*")) {
                    assertThat(schema).as(name + " is a secret").containsEntry("format", "password");
                }
            });
        }));
    }

    @Test
    void theFoldersAreUsedWhenTheyExistAndThePackagedCopiesOtherwise() throws IOException {
        var local = new MockEnvironment();
        new ConnectorLocations().postProcessEnvironment(local, null);
        assertThat(local.getProperty(ConnectorLocations.ROUTES_PATTERN))
                .isEqualTo("file:" + Path.of("routes").toAbsolutePath() + "/*.yaml");
        assertThat(local.getProperty(ConnectorLocations.KAMELET_LOCATION))
                .isEqualTo("file:" + Path.of("connectors").toAbsolutePath() + ",classpath:kamelets");

        var installed = new MockEnvironment().withProperty("switchboard.routes-dir", "/no/such/folder")
                .withProperty("switchboard.connectors-dir", "/no/such/folder");
        new ConnectorLocations().postProcessEnvironment(installed, null);
        // each packaged route by name: a wildcard would have Camel read through the whole jar
        assertThat(installed.getProperty(ConnectorLocations.ROUTES_PATTERN)).isEqualTo(files(Path.of("routes"), ".yaml")
                .map(file -> "classpath:routes/" + file.getFileName()).sorted().collect(Collectors.joining(",")));
        assertThat(installed.getProperty(ConnectorLocations.KAMELET_LOCATION)).isEqualTo("classpath:kamelets");

        assertThat(getClass().getResource("/routes/inbound.yaml")).as("routes are packaged").isNotNull();
        assertThat(getClass().getResource("/kamelets/chat-sink.kamelet.yaml")).as("connectors are packaged").isNotNull();
    }

    @Test
    void aDisabledChannelLosesItsInboundRouteSoNothingPollsForIt() {
        var environment = new MockEnvironment().withProperty("switchboard.channels.disabled", "sms, email");
        new ConnectorLocations().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(ConnectorLocations.ROUTE_EXCLUDE)).isEqualTo("email-inbound,sms-inbound");

        var none = new MockEnvironment();
        new ConnectorLocations().postProcessEnvironment(none, null);
        assertThat(none.getProperty(ConnectorLocations.ROUTE_EXCLUDE)).isNull();
    }

    private static void load(CamelContext camel, Path file) throws Exception {
        var resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath());
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
            camel.addRoutes(builder);
        }
    }

    private static Stream<Path> files(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
            assertThat(found).as("files in %s", folder).isNotEmpty();
            return found.stream();
        }
    }
}
