package io.switchboard.system;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionEvent;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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

    /**
     * Follows the quorum through Hazelcast's split-brain protection events: logs each loss and return
     * once (not every refused request), and lets a starting member wait for it without polling.
     */
    static final class Watch implements SplitBrainProtectionListener {

        /** Longest wait between two "still waiting" lines. */
        private static final long REMIND_SECONDS = 10;
        private final Semaphore changes = new Semaphore(0);

        @Override
        public void onChange(SplitBrainProtectionEvent event) {
            if (event.isPresent()) {
                log.info("quorum present: {} members reachable, the customers' data is written again",
                        event.getCurrentMembers().size());
            } else {
                log.warn("quorum lost: {} of the {} members needed are reachable; writes are refused (503)",
                        event.getCurrentMembers().size(), event.getThreshold());
            }
            changes.release();
        }

        /** Returns once this member's side holds the quorum; says every few seconds what it waits for. */
        void awaitPresent(HazelcastInstance hazelcast, ClusterProperties cluster) {
            try {
                while (!present(hazelcast, cluster)) {
                    log.info("waiting for {} members (switchboard.cluster.quorum) before loading the customers' data: "
                            + "{} so far", cluster.quorum(), hazelcast.getCluster().getMembers().size());
                    changes.tryAcquire(REMIND_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a quorum of members", e);
            }
        }
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
