package io.switchboard.customer;

import com.hazelcast.map.EntryProcessor;
import java.time.Instant;
import java.util.Map;

/**
 * An atomic change to one customer profile, run by Hazelcast on the member that owns the entry.
 * Every input (ids, times) comes from the caller, so the backup replica computes the same result.
 */
interface CustomerChange extends EntryProcessor<String, Customer, Customer> {

    /** The profile after the change; {@code current} is null when the profile does not exist. */
    Customer apply(Customer current);

    @Override
    default Customer process(Map.Entry<String, Customer> entry) {
        Customer current = entry.getValue();
        Customer next = apply(current);
        if (next != current) {
            entry.setValue(next);
        }
        return next;
    }

    static Customer existing(Customer current, String what) {
        if (current == null) {
            throw new NoSuchCustomerException("no customer for " + what);
        }
        return current;
    }

    /** A message arrived: learn the channel and make sure there is a current conversation. */
    record RecordInbound(String channel, Instant at, String candidateConversationId) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            return existing(current, "inbound").withInbound(channel, at, candidateConversationId);
        }
    }

    /** Start a new current conversation, but only if the current one is still {@code expected}. */
    record ReplaceConversation(String expected, String next, Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            Customer c = existing(current, "conversation");
            if (expected == null ? c.currentConversationId() != null : !expected.equals(c.currentConversationId())) {
                return c;
            }
            return c.withConversation(next, expected, at);
        }
    }

    /** Adopt a conversation as the current one when the customer has none open. */
    record AdoptConversation(String conversationId, Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            Customer c = existing(current, "conversation");
            return c.withConversation(conversationId, c.currentConversationId(), at);
        }
    }

    record Create(Customer profile) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            return current != null ? current : profile;
        }
    }

    record AddAddress(Address address, Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            return existing(current, "link").withAddress(address, at);
        }
    }

    record RemoveAddress(Address address, Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            return existing(current, "unlink").withoutAddress(address, at);
        }
    }

    record AddClaim(ClaimedAddress claim) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            return existing(current, "claim").withClaim(claim);
        }
    }

    record SetPreferredChannel(String channel, boolean explicit, Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            return existing(current, "preference").withPreferredChannel(channel, explicit, at);
        }
    }

    record SetOptOut(Address address, boolean optedOut, Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            return existing(current, "opt-out").withOptOut(address, optedOut, at);
        }
    }

    record SetMergedInto(String target, Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            Customer c = existing(current, "merge");
            if (target != null && c.isMerged()) {
                throw new IllegalStateException("customer " + c.id() + " is already merged into " + c.mergedInto());
            }
            return c.withMergedInto(target, at);
        }
    }

    record SetDisplayName(String name, Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            return existing(current, "name").withDisplayName(name, at);
        }
    }

    /** Evidence came that the sender of an unverified profile holds its address. */
    record MarkVerified(Instant at) implements CustomerChange {
        @Override
        public Customer apply(Customer current) {
            Customer c = existing(current, "verification");
            return c.unverified() == null ? c : c.verified(at);
        }
    }
}
