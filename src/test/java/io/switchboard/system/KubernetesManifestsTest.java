package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests in {@code k8s/} deploy: every object is one the Kubernetes API knows, with no field
 * it does not know and every value of the right type (read into fabric8's model of the API), and the
 * objects fit together (selectors, names, ports, references). The base and the {@code postgres}
 * overlay are rendered by {@code kubectl kustomize} where kubectl is installed (required in CI with
 * {@code SWITCHBOARD_TEST_KUBECTL=required}); the files themselves are checked everywhere.
 */
class KubernetesManifestsTest {

    static final Path BASE = Path.of("k8s/base");
    static final Path POSTGRES = Path.of("k8s/postgres");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The kinds the manifests use, each as the Kubernetes API's version of it that they use. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1 ServiceAccount", ServiceAccount.class),
            Map.entry("v1 ConfigMap", ConfigMap.class),
            Map.entry("v1 Secret", Secret.class),
            Map.entry("v1 Service", Service.class),
            Map.entry("apps/v1 Deployment", Deployment.class),
            Map.entry("apps/v1 StatefulSet", StatefulSet.class),
            Map.entry("policy/v1 PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class));

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteAndConnectorFileIsInTheGeneratedConfigMaps() throws IOException {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(BASE.resolve("kustomization.yaml")));
        var generators = (List<Map<String, Object>>) kustomization.get("configMapGenerator");
        List<String> shipped = generators.stream()
                .flatMap(g -> ((List<String>) g.getOrDefault("files", List.of())).stream())
                .toList();
        assertThat(shipped).containsExactlyInAnyOrderElementsOf(Stream.concat(
                list("routes", ".yaml"), list("connectors", ".kamelet.yaml")).toList());

        for (Path kustomize : List.of(BASE, POSTGRES)) {
            Map<String, Object> file = new Yaml().load(Files.readString(kustomize.resolve("kustomization.yaml")));
            for (String resource : (List<String>) file.get("resources")) {
                assertThat(kustomize.resolve(resource)).as("resource %s of %s", resource, kustomize).exists();
            }
        }
    }

    @Test
    void everyManifestFileHoldsOnlyObjectsAndFieldsTheKubernetesApiKnows() throws IOException {
        int objects = 0;
        for (Path folder : List.of(BASE, POSTGRES)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    if (!file.getFileName().toString().equals("kustomization.yaml")) {
                        objects += read(Files.readString(file), file.toString()).size();
                    }
                }
            }
        }
        assertThat(objects).as("objects in the base and the overlay").isEqualTo(11);
    }

    @Test
    void aMisspelledFieldOrAWrongTypeIsCaught() {
        String misspelled = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replicas: 1, template: {spec: {containers: [{name: x, image: x, imagePullPolicey: Always}]}}}
                """;
        String wrongType = """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: x}
                spec: {maxUnavailable: 1, selector: {matchLabels: [a, b]}}
                """;
        String unknownKind = """
                apiVersion: apps/v1
                kind: Deploymint
                metadata: {name: x}
                """;
        var caught = Map.of(misspelled, "imagePullPolicey", wrongType, "matchLabels", unknownKind, "Deploymint");
        caught.forEach((manifest, culprit) -> assertThat(catchError(() -> read(manifest, "sample")))
                .as(manifest).isNotNull().hasMessageContaining(culprit));
    }

    @Test
    void theProbesUseTheActuatorGroupsAndTheMemberBindsToItsPodAddress() throws IOException {
        Deployment gateway = only(objectsOf(BASE), Deployment.class, "switchboard");
        Container container = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("SWITCHBOARD_CLUSTER_INTERFACE");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        });
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(gateway.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        Secret secret = only(objectsOf(BASE), Secret.class, "switchboard-secrets");
        assertThat(secret.getStringData()).containsEntry("SWITCHBOARD_CLUSTER_NAME", "change-me-to-a-random-name");
    }

    @Test
    void onlyGatewayPodsReachTheHazelcastPortAndTheDatabase() throws IOException {
        Map<String, String> gateway = Map.of("app.kubernetes.io/component", "gateway");
        NetworkPolicy members = only(objectsOf(BASE), NetworkPolicy.class, "switchboard");
        for (var rule : members.getSpec().getIngress()) {
            var ports = rule.getPorts().stream().map(p -> p.getPort().getStrVal()).toList();
            if (ports.contains("hazelcast")) {
                assertThat(rule.getFrom()).singleElement()
                        .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(gateway));
            } else {
                assertThat(ports).containsExactly("http");
            }
        }
        NetworkPolicy database = only(objectsOf(POSTGRES), NetworkPolicy.class, "postgres");
        assertThat(database.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(gateway));
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("postgres"));
        });
    }

    @Test
    void theRenderedBaseAndPostgresOverlayFitTogether() throws Exception {
        List<HasMetadata> base = read(kustomize(BASE), "kubectl kustomize k8s/base");
        assertThat(base).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap",
                "ConfigMap", "ConfigMap", "Secret", "Service", "Service", "Deployment", "PodDisruptionBudget",
                "HorizontalPodAutoscaler", "NetworkPolicy");
        fitTogether(base);

        List<HasMetadata> withDatabase = read(kustomize(POSTGRES), "kubectl kustomize k8s/postgres");
        assertThat(withDatabase).hasSize(base.size() + 3);
        fitTogether(withDatabase);
        Service postgres = only(withDatabase, Service.class, "postgres");
        Secret secret = only(withDatabase, Secret.class, "switchboard-secrets");
        assertThat(secret.getStringData().get("SWITCHBOARD_DATABASE_URL"))
                .as("the gateway reaches the overlay's database")
                .startsWith("jdbc:postgresql://" + postgres.getMetadata().getName() + ":"
                        + postgres.getSpec().getPorts().get(0).getPort() + "/");
        StatefulSet database = only(withDatabase, StatefulSet.class, "postgres");
        assertThat(database.getSpec().getVolumeClaimTemplates()).isNotEmpty();
    }

    /** Selectors select, names resolve, probes and policies use ports the containers have. */
    private static void fitTogether(List<HasMetadata> objects) {
        var workloads = new ArrayList<PodTemplateSpec>();
        for (HasMetadata object : objects) {
            if (object instanceof Deployment d) {
                assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as("%s's pods", name(d))
                        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
                workloads.add(d.getSpec().getTemplate());
            } else if (object instanceof StatefulSet s) {
                assertThat(s.getSpec().getTemplate().getMetadata().getLabels()).as("%s's pods", name(s))
                        .containsAllEntriesOf(s.getSpec().getSelector().getMatchLabels());
                assertThat(only(objects, Service.class, s.getSpec().getServiceName())).isNotNull();
                workloads.add(s.getSpec().getTemplate());
            }
        }
        for (PodTemplateSpec pod : workloads) {
            for (Container container : pod.getSpec().getContainers()) {
                assertThat(container.getImage()).as("image of %s", container.getName()).isNotBlank();
                var ports = container.getPorts().stream().map(p -> p.getName()).toList();
                for (Probe probe : Stream.of(container.getStartupProbe(), container.getLivenessProbe(),
                        container.getReadinessProbe()).filter(p -> p != null && p.getHttpGet() != null).toList()) {
                    assertThat(ports).as("probe port of %s", container.getName())
                            .contains(probe.getHttpGet().getPort().getStrVal());
                }
                for (var source : container.getEnvFrom() == null ? List.<io.fabric8.kubernetes.api.model.EnvFromSource>of()
                        : container.getEnvFrom()) {
                    if (source.getConfigMapRef() != null) {
                        assertThat(only(objects, ConfigMap.class, source.getConfigMapRef().getName())).isNotNull();
                    }
                    if (source.getSecretRef() != null) {
                        assertThat(only(objects, Secret.class, source.getSecretRef().getName())).isNotNull();
                    }
                }
                for (var env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        assertThat(only(objects, Secret.class, ref.getName()).getStringData())
                                .as("secret key of %s", env.getName()).containsKey(ref.getKey());
                    }
                }
            }
            for (var volume : pod.getSpec().getVolumes()) {
                if (volume.getConfigMap() != null) {
                    assertThat(only(objects, ConfigMap.class, volume.getConfigMap().getName())).isNotNull();
                }
            }
            if (pod.getSpec().getServiceAccountName() != null) {
                assertThat(objects).anySatisfy(o -> assertThat(o.getKind() + "/" + name(o))
                        .isEqualTo("ServiceAccount/" + pod.getSpec().getServiceAccountName()));
            }
        }
        for (HasMetadata object : objects) {
            Map<String, String> selector = null;
            if (object instanceof Service s) {
                selector = s.getSpec().getSelector();
            } else if (object instanceof PodDisruptionBudget p) {
                selector = p.getSpec().getSelector().getMatchLabels();
            } else if (object instanceof NetworkPolicy n) {
                selector = n.getSpec().getPodSelector().getMatchLabels();
            }
            if (selector != null) {
                Map<String, String> selects = selector;
                assertThat(workloads).as("pods selected by %s %s", object.getKind(), name(object))
                        .anySatisfy(pod -> assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(selects));
            }
            if (object instanceof Service s) {
                for (var port : s.getSpec().getPorts()) {
                    String target = port.getTargetPort() == null ? null : port.getTargetPort().getStrVal();
                    if (target != null) {
                        assertThat(workloads).as("target port %s of Service %s", target, name(s))
                                .anySatisfy(pod -> assertThat(pod.getSpec().getContainers().stream()
                                        .flatMap(c -> c.getPorts().stream()).map(p -> p.getName())).contains(target));
                    }
                }
            }
            if (object instanceof HorizontalPodAutoscaler h) {
                assertThat(only(objects, Deployment.class, h.getSpec().getScaleTargetRef().getName())).isNotNull();
            }
        }
    }

    /** Reads manifests strictly: an unknown kind, a field the API does not have or a wrong type fails. */
    static List<HasMetadata> read(String manifests, String source) throws IOException {
        var objects = new ArrayList<HasMetadata>();
        try (YAMLParser parser = new YAMLFactory().createParser(manifests)) {
            var documents = YAML.readValues(parser, Map.class);
            while (documents.hasNext()) {
                Object document = documents.next();
                if (document == null) {
                    continue;
                }
                var fields = (Map<?, ?>) document;
                String kind = fields.get("apiVersion") + " " + fields.get("kind");
                Class<? extends HasMetadata> type = KINDS.get(kind);
                assertThat(type).as("a kind of object the manifests may hold, in %s: %s", source, kind).isNotNull();
                HasMetadata object = YAML.convertValue(document, type);
                assertThat(object.getMetadata().getName()).as("name of a %s in %s", object.getKind(), source)
                        .isNotBlank();
                assertNoUnknownFields(object, source + ": " + object.getKind() + " " + name(object),
                        new IdentityHashMap<>());
                objects.add(object);
            }
        }
        return objects;
    }

    /** fabric8 keeps fields it does not know in {@code additionalProperties}: there must be none. */
    private static void assertNoUnknownFields(Object value, String path, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                assertNoUnknownFields(item, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> assertNoUnknownFields(item, path + "." + key, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    assertThat((Map<?, ?>) fieldValue).as("fields the Kubernetes API does not know at %s", path)
                            .isNullOrEmpty();
                } else {
                    assertNoUnknownFields(fieldValue, path + "." + field.getName(), seen);
                }
            }
        }
    }

    private static List<HasMetadata> objectsOf(Path folder) throws IOException {
        var objects = new ArrayList<HasMetadata>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("kustomization.yaml")) {
                    objects.addAll(read(Files.readString(file), file.toString()));
                }
            }
        }
        return objects;
    }

    /** {@code kubectl kustomize} of a folder; skipped without kubectl unless SWITCHBOARD_TEST_KUBECTL=required. */
    private static String kustomize(Path folder) throws IOException, InterruptedException {
        boolean required = "required".equals(System.getenv("SWITCHBOARD_TEST_KUBECTL"));
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
        Assumptions.assumeTrue(installed || required, "kubectl is not installed: rendering not checked");
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone",
                folder.toString()).redirectErrorStream(false).start();
        String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", folder, errors).isZero();
        return rendered;
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertThat(matching).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return matching.get(0);
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }

    private static Throwable catchError(ThrowingRunnable check) {
        try {
            check.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Stream<String> list(String folder, String suffix) {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            return files.map(f -> "../../" + folder + "/" + f.getFileName())
                    .filter(f -> f.endsWith(suffix)).sorted().toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
