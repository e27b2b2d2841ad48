package io.switchboard.system;

import com.hazelcast.core.HazelcastInstance;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Whether this member's side of the cluster may write the customers' data: it holds at least
 * {@code switchboard.cluster.quorum} members (Hazelcast's split-brain protection, which refuses those
 * maps' writes otherwise). Without it the member is not ready (readiness group, so the load balancer
 * sends nothing), and a request that would write is answered 503 with {@code Retry-After} before
 * anything is read: providers retry webhooks, the API's callers try again, nothing is half done.
 */
@Configuration(proxyBeanMethods = false)
class ClusterQuorum {

    /** Seconds a refused caller is asked to wait: a split heals or a member returns within them. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Logger log = LoggerFactory.getLogger(ClusterQuorum.class);

    /** True when writes are allowed: no quorum configured, or this side has enough members. */
    static boolean present(HazelcastInstance hazelcast, ClusterProperties cluster) {
        return cluster.quorum() <= 1 || hazelcast.getSplitBrainProtectionService()
                .getSplitBrainProtection(ClusterProperties.QUORUM).hasMinimumSize();
    }

    @Bean
    HealthIndicator clusterQuorumHealthIndicator(HazelcastInstance hazelcast, ClusterProperties cluster) {
        return () -> {
            int members = hazelcast.getCluster().getMembers().size();
            Health.Builder health = present(hazelcast, cluster) ? Health.up() : Health.outOfService();
            return health.withDetail("members", members).withDetail("quorum", cluster.quorum()).build();
        };
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> clusterQuorumFilter(HazelcastInstance hazelcast,
                                                                      ClusterProperties cluster) {
        var filter = new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return READS.contains(request.getMethod()) || request.getRequestURI().startsWith("/actuator/");
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                if (present(hazelcast, cluster)) {
                    chain.doFilter(request, response);
                    return;
                }
                log.warn("write refused: this member's side of the cluster has {} of the {} members it needs",
                        hazelcast.getCluster().getMembers().size(), cluster.quorum());
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
                response.setContentType("text/plain;charset=UTF-8");
                response.getOutputStream().write("too few members of the cluster reachable to record anything; retry"
                        .getBytes(StandardCharsets.UTF_8));
            }
        };
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(filter);
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE); // before the webhooks' body limit: nothing is read
        registration.setName("clusterQuorum");
        return registration;
    }
}
