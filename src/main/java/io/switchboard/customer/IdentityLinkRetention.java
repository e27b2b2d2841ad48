package io.switchboard.customer;

import io.switchboard.privacy.RetainedData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records of links and merges older than {@code switchboard.privacy.retention.identity-links}: the link
 * itself stays (the addresses are the customer's), only the way to undo it goes.
 */
@Component
class IdentityLinkRetention implements RetainedData {

    private final NamedParameterJdbcTemplate jdbc;

    IdentityLinkRetention(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String retention() {
        return "identity-links";
    }

    @Override
    public int purge(Instant cutoff, Set<String> heldCustomers, int batch) {
        return jdbc.update("""
                delete from identity_link where id in (
                    select id from identity_link
                    where created_at < :cutoff and target_customer_id not in (:held)
                      and (source_customer_id is null or source_customer_id not in (:held))
                    fetch first :batch rows only)""",
                Map.of("cutoff", Timestamp.from(cutoff), "batch", batch,
                        "held", RetainedData.inList(heldCustomers)));
    }
}
