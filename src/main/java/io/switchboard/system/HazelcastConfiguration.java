package io.switchboard.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.GlobalSerializerConfig;
import com.hazelcast.config.InMemoryYamlConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.SplitBrainProtectionListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.MapStore;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.apache.camel.cluster.CamelClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded Hazelcast member every instance runs. Map settings come from the YAML file;
 * cluster membership from {@link ClusterProperties}; each map that must survive a restart gets the
 * JDBC store a feature registered for it (its own, or a row per entry of the shared key-value table), and features' {@link HazelcastCustomizer}s run. The member
 * starts after Flyway, so stores find their tables.
 */
@Configuration(proxyBeanMethods = false)
class HazelcastConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HazelcastConfiguration.class);

    @Bean(destroyMethod = "shutdown")
    @DependsOnDatabaseInitialization
    HazelcastInstance hazelcastInstance(ClusterProperties cluster, ObjectProvider<MapStoreRegistration> stores,
                                        ObjectProvider<KeyValueMaps> keyValueMaps,
                                        List<HazelcastCustomizer> customizers, ResourceLoader resources,
                                        JdbcTemplate jdbc, ObjectMapper json, Clock clock) throws IOException {
        Config config;
        try (var in = resources.getResource(cluster.config()).getInputStream()) {
            config = new InMemoryYamlConfig(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        config.setClusterName(cluster.name());
        config.setClassLoader(HazelcastConfiguration.class.getClassLoader());
        config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(true);
        // listen on the configured address only, not on every interface (Hazelcast's default)
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.bindInterface()));
        join(config.getNetworkConfig().getJoin(), cluster);
        serialization(config, json);
        // always defined, as the maps refer to it; enforced from a quorum of two members
        var quorum = new ClusterQuorum.Watch();
        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(ClusterProperties.QUORUM,
                cluster.quorum() > 1, Math.max(2, cluster.quorum())).setProtectOn(SplitBrainProtectionOn.WRITE)
                .addListenerConfig(new SplitBrainProtectionListenerConfig(quorum)));
        stores.orderedStream().forEach(registration -> writeThrough(config, registration.mapName(),
                registration.store()));
        keyValueMaps.orderedStream().flatMap(declared -> declared.maps().stream()).forEach(map ->
                writeThrough(config, map.name(),
                        new JdbcKeyValueStore<>(map.name(), map.type(), jdbc, json, clock, map.preload(),
                                map.durable())));
        customizers.forEach(customizer -> customizer.customize(config));
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        log.info("Hazelcast member started: cluster={} members={}", cluster.name(),
                instance.getCluster().getMembers().size());
        // a member loads the customers' data only with a quorum (Hazelcast counts loading as writing):
        // it waits here, saying so, rather than silently inside the first map it opens
        quorum.awaitPresent(instance, cluster);
        return instance;
    }

    /**
     * The gateway's values cross members as JSON ({@link JsonValueSerializer}): its records (none is
     * {@code Serializable}) through the global serializer, its entry processors (Hazelcast
     * makes every one {@code Serializable}) through the same serializer registered for their interface.
     * Java serialization is left to what Hazelcast itself sends that way (exceptions of a remote
     * operation), and its filter admits only the JDK's language, collection, time and I/O packages,
     * Hazelcast's and the gateway's classes (Hazelcast's own default would admit every {@code java*}
     * package, {@code javax.management} included).
     */
    static void serialization(Config config, ObjectMapper json) {
        ClassLoader classes = HazelcastConfiguration.class.getClassLoader();
        config.getSerializationConfig()
                .setGlobalSerializerConfig(new GlobalSerializerConfig()
                        .setImplementation(new JsonValueSerializer(json, classes, JsonValueSerializer.VALUES))
                        .setOverrideJavaSerialization(false))
                .addSerializerConfig(new SerializerConfig().setTypeClass(EntryProcessor.class)
                        .setImplementation(new JsonValueSerializer(json, classes, JsonValueSerializer.ENTRY_PROCESSORS)))
                .setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
                        .setDefaultsDisabled(true)
                        .setWhitelist(new ClassFilter().addPrefixes(JAVA_SERIALIZATION_ALLOWED)));
    }

    /** Class name prefixes Java deserialization may build ({@code [}: arrays, such as a stack trace). */
    static final String[] JAVA_SERIALIZATION_ALLOWED = {"java.lang.", "java.util.", "java.time.", "java.io.", "[",
            "com.hazelcast.", "io.switchboard."};

    private static void writeThrough(Config config, String mapName, MapStore<?, ?> store) {
        config.getMapConfig(mapName).setMapStoreConfig(new MapStoreConfig()
                .setEnabled(true)
                .setImplementation(store)
                .setWriteDelaySeconds(0)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
    }

    /** Leadership for consumers that must run on one instance ({@code master:} endpoints). */
    @Bean
    CamelClusterService clusterLeadership(HazelcastInstance hazelcast) {
        return new ClusterLeadership(hazelcast);
    }

    private static void join(JoinConfig join, ClusterProperties cluster) {
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (cluster.kubernetes().enabled()) {
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", cluster.kubernetes().serviceDns());
        } else if (!cluster.members().isEmpty()) {
            join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
        }
    }
}
