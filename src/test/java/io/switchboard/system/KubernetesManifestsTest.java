package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Kustomize base stays in step with the repository: every route and connector is shipped. */
class KubernetesManifestsTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteAndConnectorFileIsInTheGeneratedConfigMaps() throws IOException {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(Path.of("k8s/kustomization.yaml")));
        var generators = (List<Map<String, Object>>) kustomization.get("configMapGenerator");
        List<String> shipped = generators.stream()
                .flatMap(g -> ((List<String>) g.getOrDefault("files", List.of())).stream())
                .toList();
        assertThat(shipped).containsExactlyInAnyOrderElementsOf(Stream.concat(
                list("routes", ".yaml"), list("connectors", ".kamelet.yaml")).toList());

        for (String resource : (List<String>) kustomization.get("resources")) {
            assertThat(Path.of("k8s", resource)).as("resource %s", resource).exists();
        }
    }

    @Test
    void everyManifestIsYamlAndTheProbesUseTheActuatorGroups() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertThat((Object) new Yaml().load(Files.readString(file))).as(file.toString()).isNotNull();
            }
        }
        String deployment = Files.readString(Path.of("k8s/deployment.yaml"));
        assertThat(deployment).contains("/actuator/health/liveness").contains("/actuator/health/readiness");
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyGatewayPodsReachTheHazelcastPortAndEachMemberBindsToItsPodAddress() throws IOException {
        Map<String, Object> policy = new Yaml().load(Files.readString(Path.of("k8s/networkpolicy.yaml")));
        var rules = (List<Map<String, Object>>) ((Map<String, Object>) policy.get("spec")).get("ingress");
        for (Map<String, Object> rule : rules) {
            var ports = ((List<Map<String, Object>>) rule.get("ports")).stream().map(p -> p.get("port")).toList();
            if (ports.contains("hazelcast")) {
                assertThat(rule.get("from")).as("who may reach Hazelcast").asString()
                        .isEqualTo("[{podSelector={matchLabels={app.kubernetes.io/component=gateway}}}]");
            } else {
                assertThat(ports).containsExactly("http");
            }
        }
        String deployment = Files.readString(Path.of("k8s/deployment.yaml"));
        assertThat(deployment).contains("name: SWITCHBOARD_CLUSTER_INTERFACE").contains("fieldPath: status.podIP");
        assertThat(Files.readString(Path.of("k8s/secret.yaml"))).contains("SWITCHBOARD_CLUSTER_NAME: change-me");
    }

    private static Stream<String> list(String folder, String suffix) {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            return files.map(f -> "../" + folder + "/" + f.getFileName())
                    .filter(f -> f.endsWith(suffix)).sorted().toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
