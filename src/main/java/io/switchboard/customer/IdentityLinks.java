package io.switchboard.customer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The durable record of links and merges, kept so any of them can be undone. */
@Repository
class IdentityLinks {

    private final JdbcTemplate jdbc;

    IdentityLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(IdentityLink link) {
        jdbc.update("""
                insert into identity_link (id, kind, target_customer_id, source_customer_id, addresses, evidence,
                                           actor, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)""",
                link.id(), link.kind(), link.targetCustomerId(), link.sourceCustomerId(),
                link.addresses().stream().map(Address::toString).collect(Collectors.joining("\n")),
                link.evidence(), link.actor(), Timestamp.from(link.createdAt()));
    }

    Optional<IdentityLink> find(String id) {
        return jdbc.query("select * from identity_link where id = ?", rows(), id).stream().findFirst();
    }

    List<IdentityLink> forCustomer(String customerId) {
        return jdbc.query("""
                select * from identity_link where target_customer_id = ? or source_customer_id = ?
                order by created_at""", rows(), customerId, customerId);
    }

    /** Marks the link undone; false when it already was. */
    boolean markReversed(String id, String actor, Instant at) {
        return jdbc.update("update identity_link set reversed_at = ?, reversed_by = ? where id = ? and reversed_at is null",
                Timestamp.from(at), actor, id) == 1;
    }

    private static RowMapper<IdentityLink> rows() {
        return (rs, i) -> {
            Timestamp reversed = rs.getTimestamp("reversed_at");
            return new IdentityLink(rs.getString("id"), rs.getString("kind"), rs.getString("target_customer_id"),
                    rs.getString("source_customer_id"),
                    Arrays.stream(rs.getString("addresses").split("\n")).filter(a -> !a.isBlank()).map(Address::parse)
                            .toList(),
                    rs.getString("evidence"), rs.getString("actor"), rs.getTimestamp("created_at").toInstant(),
                    reversed == null ? null : reversed.toInstant(), rs.getString("reversed_by"));
        };
    }
}
