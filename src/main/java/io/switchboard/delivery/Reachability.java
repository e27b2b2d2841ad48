package io.switchboard.delivery;

import io.switchboard.customer.Address;
import java.util.Map;
import java.util.Optional;

/**
 * Says why a message cannot reach one address on its channel right now although the channel is
 * installed (a voice call that ended, say). Channels that need it declare a bean; channel choice
 * skips such addresses and the outbox refuses to send to them.
 */
public interface Reachability {

    /**
     * Why {@code address} cannot be reached now, or empty when this component has no objection.
     *
     * @param message the metadata of the message that would go (an approved template it carries may
     *                reach where free text may not); empty when asked of no message in particular
     */
    Optional<String> unreachable(Address address, Map<String, String> message);
}
