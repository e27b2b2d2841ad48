package io.switchboard.customer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.system.AuditLog;
import io.switchboard.system.MapMirror;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Consent per address and purpose ({@link ConsentRecord}), and opt-outs. Every change is a record
 * kept with its source and words, audited on the customer; the latest record of an address and
 * purpose is what holds. Without one, {@code service} (answering the customer) is allowed,
 * {@code marketing} is not, and {@code notifications} are unless the channel requires a prior opt-in
 * for them ({@code switchboard.customer.prior-opt-in}: WhatsApp's business-initiated templates, say).
 *
 * <p>An opt-out (SMS STOP and the like) withdraws every purpose: recorded on the profile of the
 * customer who owns the address, where agents see it, and in a register that belongs to the address
 * itself, so a number that said STOP gets nothing even after it is linked to another customer or
 * unmerged. START gives back {@code service}; notifications and marketing wait for their own consent.
 * What an address refused outlives the erasure of its customer ({@link Suppressions}).
 */
@Component
public class Consent {

    static final String MAP = "opted-out-addresses";
    private static final Logger log = LoggerFactory.getLogger(Consent.class);

    private final IMap<String, OptOut> optedOut;
    /** Read for every message that goes out: this member's copy ({@link MapMirror}). */
    private final MapMirror<OptOut> optedOutKnown;
    private final CustomerDirectory customers;
    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog audit;
    private final CustomerProperties properties;
    private final Suppressions suppressions;
    private final Clock clock;

    Consent(HazelcastInstance hazelcast, CustomerDirectory customers, NamedParameterJdbcTemplate jdbc, AuditLog audit,
            CustomerProperties properties, Suppressions suppressions, Clock clock) {
        this.optedOut = hazelcast.getMap(MAP);
        this.optedOutKnown = MapMirror.of(optedOut);
        this.suppressions = suppressions;
        this.customers = customers;
        this.jdbc = jdbc;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** When and how an address opted out. */
    public record OptOut(Instant at, String via) {
    }

    /**
     * The consent that holds for an address and purpose now.
     *
     * @param record the record it comes from; null when it is the default (no record yet)
     */
    public record State(String address, String purpose, boolean granted, ConsentRecord record) {
    }

    /** Nothing more goes to {@code address} until it opts in again; every purpose withdrawn, audited. */
    public void optOut(Address address, String via, String words) {
        var out = new OptOut(clock.instant(), via);
        optedOut.set(address.toString(), out);
        optedOutKnown.put(address.toString(), out);
        String customerId = customers.resolve(address, clock.instant());
        customers.setOptOut(customerId, address, true, "customer");
        // the opt-out's own audit event says it; the records keep each purpose's history
        for (String purpose : ConsentRecord.PURPOSES) {
            insert(customerId, address, purpose, false, "keyword", words, "customer", false);
        }
        log.info("{} opted out via {}", address.masked(), via);
    }

    /** The address takes answers again ({@code service}); audited. */
    public void optIn(Address address, String via, String words) {
        optedOut.delete(address.toString());
        optedOutKnown.remove(address.toString());
        suppressions.lift(address.toString(), ConsentRecord.SERVICE);
        String customerId = customers.resolve(address, clock.instant());
        customers.setOptOut(customerId, address, false, "customer");
        insert(customerId, address, ConsentRecord.SERVICE, true, "keyword", words, "customer", false);
        log.info("{} opted in via {}", address.masked(), via);
    }

    /** True when answers may go to {@code address} (purpose {@code service}). */
    public boolean allows(Address address) {
        if (optedOutKnown.containsKey(address.toString())) {
            return false;
        }
        return customers.findByAddress(address).map(c -> !c.isOptedOut(address)).orElse(true)
                && !suppressions.of(address.toString()).contains(ConsentRecord.SERVICE);
    }

    /** True when a message for {@code purpose} may go to {@code address} now. */
    public boolean allows(Address address, String purpose) {
        return state(address, purpose).granted();
    }

    public State state(Address address, String purpose) {
        if (!ConsentRecord.PURPOSES.contains(purpose)) {
            throw new IllegalArgumentException("purpose is one of " + ConsentRecord.PURPOSES + ", not " + purpose);
        }
        return state(address, purpose, latest(address, purpose).orElse(null));
    }

    /** The state given the address's latest record for the purpose (null: none). */
    private State state(Address address, String purpose, ConsentRecord latest) {
        boolean granted = allows(address) && (latest != null ? latest.granted() : byDefault(address, purpose));
        return new State(address.toString(), purpose, granted, latest);
    }

    /**
     * Without a record: what the address refused before its customer was erased stays refused;
     * otherwise answers yes, marketing never, notifications unless the channel needs a prior opt-in.
     */
    private boolean byDefault(Address address, String purpose) {
        if (suppressions.of(address.toString()).contains(purpose)) {
            return false;
        }
        return switch (purpose) {
            case ConsentRecord.SERVICE -> true;
            case ConsentRecord.MARKETING -> false;
            default -> !properties.priorOptIn().getOrDefault(address.channel(), List.of()).contains(purpose);
        };
    }

    /** Every address of the customer with every purpose's state, from one read of their records. */
    public List<State> of(Customer customer) {
        var latest = new HashMap<String, ConsentRecord>();
        history(customer.addresses().stream().map(Address::toString).toList())
                .forEach(r -> latest.put(r.address() + "|" + r.purpose(), r));
        var states = new ArrayList<State>();
        for (Address address : customer.addresses()) {
            ConsentRecord.PURPOSES.stream().sorted().forEach(purpose ->
                    states.add(state(address, purpose, latest.get(address + "|" + purpose))));
        }
        return states;
    }

    /**
     * Records a consent given or withdrawn for an address of the customer (an agent on the customer's
     * word, a form, an import); audited.
     */
    public ConsentRecord record(String customerId, Address address, String purpose, boolean granted, String source,
                                String words, String actor) {
        Customer customer = customers.requireActive(customerId);
        if (!customer.owns(address)) {
            throw new IllegalArgumentException(address.masked() + " is not an address of customer " + customerId);
        }
        if (granted && ConsentRecord.SERVICE.equals(purpose) && (optedOutKnown.containsKey(address.toString())
                || suppressions.of(address.toString()).contains(ConsentRecord.SERVICE))) {
            throw new IllegalStateException(address.masked() + " opted out with a keyword: only the customer's own "
                    + "START gives it back");
        }
        return insert(customerId, address, purpose, granted, source, words, actor, true);
    }

    /** Per address, the purposes withdrawn now: every one after an opt-out, else those whose latest record says no. */
    Map<String, Set<String>> refusals(Collection<String> addresses) {
        var refused = new HashMap<String, Set<String>>();
        var latest = new HashMap<String, ConsentRecord>();
        history(addresses).forEach(r -> latest.put(r.address() + "|" + r.purpose(), r));
        for (String address : addresses) {
            Set<String> purposes = new TreeSet<>();
            if (optedOutKnown.containsKey(address)) {
                purposes.addAll(ConsentRecord.PURPOSES);
            }
            ConsentRecord.PURPOSES.forEach(purpose -> {
                ConsentRecord last = latest.get(address + "|" + purpose);
                if (last != null && !last.granted()) {
                    purposes.add(purpose);
                }
            });
            if (!purposes.isEmpty()) {
                refused.put(address, purposes);
            }
        }
        return refused;
    }

    /** Every record of these addresses, oldest first. */
    public List<ConsentRecord> history(Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select * from consent_record where address in (:addresses) order by at, id",
                Map.of("addresses", addresses), rows());
    }

    private Optional<ConsentRecord> latest(Address address, String purpose) {
        return jdbc.query("""
                select * from consent_record where address = :address and purpose = :purpose
                order by at desc, id desc fetch first 1 rows only""",
                Map.of("address", address.toString(), "purpose", purpose), rows()).stream().findFirst();
    }

    private ConsentRecord insert(String customerId, Address address, String purpose, boolean granted, String source,
                                 String words, String actor, boolean audited) {
        var record = new ConsentRecord(UUID.randomUUID().toString(), customerId, address.toString(), purpose, granted,
                source, words == null ? null : words.strip(), actor, clock.instant());
        jdbc.update("""
                insert into consent_record (id, customer_id, address, purpose, granted, source, words, actor, at)
                values (:id, :customer, :address, :purpose, :granted, :source, :words, :actor, :at)""",
                new MapSqlParameterSource()
                        .addValue("id", record.id()).addValue("customer", customerId)
                        .addValue("address", record.address()).addValue("purpose", purpose)
                        .addValue("granted", granted).addValue("source", source).addValue("words", record.words())
                        .addValue("actor", actor).addValue("at", Timestamp.from(record.at())));
        if (audited) {
            audit.record(actor, granted ? "customer.consent-given" : "customer.consent-withdrawn", "customer",
                    customerId, Map.of("address", address.masked(), "purpose", purpose, "source", source));
        }
        return record;
    }

    private static RowMapper<ConsentRecord> rows() {
        return (rs, i) -> new ConsentRecord(rs.getString("id"), rs.getString("customer_id"), rs.getString("address"),
                rs.getString("purpose"), rs.getBoolean("granted"), rs.getString("source"), rs.getString("words"),
                rs.getString("actor"), rs.getTimestamp("at").toInstant());
    }
}
