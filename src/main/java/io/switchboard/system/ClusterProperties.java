package io.switchboard.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded Hazelcast member.
 *
 * @param config     Hazelcast YAML with the map settings (a Spring resource location)
 * @param name       cluster name; members with different names never join
 * @param port       first port the member tries (it moves up when taken)
 * @param members    TCP/IP member list ({@code host[:port]}); empty: a standalone member
 * @param kubernetes discovery through a headless Service instead of a member list
 */
@ConfigurationProperties("switchboard.cluster")
public record ClusterProperties(
        @DefaultValue("classpath:hazelcast.yaml") String config,
        @DefaultValue("switchboard") String name,
        @DefaultValue("5701") int port,
        @DefaultValue List<String> members,
        @DefaultValue Kubernetes kubernetes) {

    /**
     * @param enabled    join the members behind a headless Service
     * @param serviceDns the Service's DNS name, e.g. {@code switchboard-hz.contact.svc.cluster.local}
     */
    public record Kubernetes(@DefaultValue("false") boolean enabled, String serviceDns) {
    }
}
