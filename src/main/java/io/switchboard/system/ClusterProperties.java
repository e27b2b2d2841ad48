package io.switchboard.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The embedded Hazelcast member.
 *
 * @param config        Hazelcast YAML with the map settings (a Spring resource location)
 * @param name          cluster name; members with different names never join. A cluster of several
 *                      members must choose its own (the default is refused, see {@code StartupSafety})
 * @param port          first port the member tries (it moves up when taken)
 * @param bindInterface the only address the member listens on and speaks from
 *                      ({@code switchboard.cluster.interface}; Hazelcast's interface patterns such as
 *                      {@code 10.1.*.*} work): loopback unless set, the pod's IP on Kubernetes
 * @param quorum        the fewest members that may write the customers' data (conversations, customers,
 *                      addresses, message keys, outbox): a majority of the cluster's usual size, e.g. 2
 *                      of 3. Fewer (a side cut off by a network split) refuse writes with 503 and are
 *                      not ready. 0 or 1: no protection (a single member)
 * @param members       TCP/IP member list ({@code host[:port]}); empty: a standalone member
 * @param kubernetes    discovery through a headless Service instead of a member list
 */
@ConfigurationProperties("switchboard.cluster")
public record ClusterProperties(
        @DefaultValue("classpath:hazelcast.yaml") String config,
        @DefaultValue(ClusterProperties.DEFAULT_NAME) String name,
        @DefaultValue("5701") int port,
        @Name("interface") @DefaultValue("127.0.0.1") String bindInterface,
        @DefaultValue("0") int quorum,
        @DefaultValue List<String> members,
        @DefaultValue Kubernetes kubernetes) {

    /**
     * @param enabled    join the members behind a headless Service
     * @param serviceDns the Service's DNS name, e.g. {@code switchboard-hz.contact.svc.cluster.local}
     */
    public record Kubernetes(@DefaultValue("false") boolean enabled, String serviceDns) {
    }

    /** The name a cluster of several members may not use: anyone who knows the project knows it. */
    public static final String DEFAULT_NAME = "switchboard";

    /** The name of the split-brain protection the customers' maps refer to (hazelcast.yaml). */
    public static final String QUORUM = "majority";

    /** True when this member is meant to join others (a member list or Kubernetes discovery). */
    public boolean joinsOthers() {
        return kubernetes.enabled() || !members.isEmpty();
    }
}
