package io.switchboard.system;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's cluster service over the gateway's Hazelcast member, for consumers that must run on one
 * instance only ({@code master:<namespace>:<uri>}, e.g. the IMAP poller). The oldest member of the
 * cluster leads: every member agrees on that order without a lock (Hazelcast's CP locks are not in
 * its open-source edition), and when the leader leaves, the next oldest takes over at once.
 */
class ClusterLeadership extends AbstractCamelClusterService<ClusterLeadership.View> {

    private static final Logger log = LoggerFactory.getLogger(ClusterLeadership.class);
    private final HazelcastInstance hazelcast;

    ClusterLeadership(HazelcastInstance hazelcast) {
        super("hazelcast");
        this.hazelcast = hazelcast;
    }

    @Override
    protected View createView(String namespace) {
        return new View(namespace);
    }

    /** One namespace's view: leadership follows the cluster's member list. */
    final class View extends AbstractCamelClusterView implements MembershipListener {

        private UUID registration;
        private String leaderId;

        View(String namespace) {
            super(ClusterLeadership.this, namespace);
        }

        @Override
        protected void doStart() {
            registration = hazelcast.getCluster().addMembershipListener(this);
            leadershipMayHaveMoved();
        }

        @Override
        protected void doStop() {
            if (registration != null && hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getCluster().removeMembershipListener(registration);
            }
            registration = null;
        }

        @Override
        public void memberAdded(MembershipEvent event) {
            leadershipMayHaveMoved();
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            leadershipMayHaveMoved();
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return oldest().map(this::member);
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return member(hazelcast.getCluster().getLocalMember());
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return hazelcast.getCluster().getMembers().stream().map(this::member).toList();
        }

        private synchronized void leadershipMayHaveMoved() {
            Optional<Member> oldest = oldest();
            String id = oldest.map(m -> m.getUuid().toString()).orElse(null);
            if (id != null && !id.equals(leaderId)) {
                leaderId = id;
                log.info("{} is led by {} member {}", getNamespace(), oldest.get().localMember() ? "this" : "another",
                        id);
                fireLeadershipChangedEvent(member(oldest.get()));
            }
        }

        private Optional<Member> oldest() {
            if (!hazelcast.getLifecycleService().isRunning()) {
                return Optional.empty();
            }
            // the member list is in join order, the same on every member
            return hazelcast.getCluster().getMembers().stream().findFirst();
        }

        private CamelClusterMember member(Member member) {
            boolean leader = oldest().map(m -> m.getUuid().equals(member.getUuid())).orElse(false);
            return new ClusterMember(member.getUuid().toString(), leader, member.localMember());
        }
    }

    private record ClusterMember(String id, boolean leader, boolean local) implements CamelClusterMember {

        @Override
        public String getId() {
            return id;
        }

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return local;
        }
    }
}
