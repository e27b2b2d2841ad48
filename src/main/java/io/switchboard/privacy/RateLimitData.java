package io.switchboard.privacy;

import io.switchboard.system.RateLimits;
import java.util.LinkedHashSet;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The abuse limits' buckets keyed by the customer's addresses or ids: nothing to export (they only
 * count the last minutes), dropped on erasure so no key keeps an address until it refills.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class RateLimitData implements PersonalDataHolder {

    private final RateLimits limits;

    RateLimitData(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public String kind() {
        return "rate-limits";
    }

    @Override
    public void export(DataSubject subject, SubjectArchive archive) {
        // counts of the last minutes, nothing the customer gave
    }

    @Override
    public long erase(DataSubject subject) {
        var keys = new LinkedHashSet<String>(subject.customerIds());
        for (String address : subject.addresses()) {
            keys.add(address);
            int colon = address.indexOf(':');
            keys.add(address.substring(colon + 1));
        }
        return limits.forget(keys);
    }
}
