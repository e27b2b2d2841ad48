package io.switchboard.customer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.system.MapMirror;
import io.switchboard.system.SharedSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * What an erased customer refused, kept without them: an erasure removes opt-outs and consent
 * records with everything else, yet a number that said STOP must get nothing when it comes back (in
 * an import, or writing again). So the purposes an address had withdrawn stay, under a keyed hash of
 * the address (HMAC-SHA-256, with a key the gateway generates once and keeps in its database): no
 * address and no customer id, only enough to recognise the address when it is met again. A record
 * made later (the customer's START, an agent on the customer's word) takes precedence, as a newer
 * record always does.
 */
@Component
public class Suppressions {

    static final String MAP = "suppressed-addresses";
    private static final String KEY_NAME = "privacy.suppression-key";

    /** The purposes withdrawn, and since when (a day: no more precision than needed). */
    public record Suppression(Set<String> purposes, LocalDate since) {
        public Suppression {
            purposes = Set.copyOf(purposes);
        }
    }

    private final IMap<String, Suppression> suppressed;
    /** Read for every message that goes out: this member's copy ({@link MapMirror}). */
    private final MapMirror<Suppression> known;
    private final SharedSecrets secrets;
    private final Clock clock;
    private volatile SecretKeySpec key;

    Suppressions(HazelcastInstance hazelcast, SharedSecrets secrets, Clock clock) {
        this.suppressed = hazelcast.getMap(MAP);
        this.known = MapMirror.of(suppressed);
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Keeps these withdrawn purposes of {@code address} (added to any kept before). */
    void keep(String address, Set<String> purposes) {
        if (purposes.isEmpty()) {
            return;
        }
        String hash = hash(address);
        Suppression before = suppressed.get(hash);
        var all = new TreeSet<>(purposes);
        if (before != null) {
            all.addAll(before.purposes());
        }
        var kept = new Suppression(all, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        suppressed.set(hash, kept);
        known.put(hash, kept);
    }

    /** The purposes {@code address} withdrew before its customer was erased; empty for most. */
    Set<String> of(String address) {
        if (known.isEmpty()) {
            return Set.of(); // nobody erased refused anything: no key to compute
        }
        return known.get(hash(address)).map(Suppression::purposes).orElse(Set.of());
    }

    /** The customer gave {@code purpose} back themselves: the kept refusal of it ends. */
    void lift(String address, String purpose) {
        String hash = hash(address);
        Suppression kept = suppressed.get(hash);
        if (kept == null || !kept.purposes().contains(purpose)) {
            return;
        }
        var rest = new TreeSet<>(kept.purposes());
        rest.remove(purpose);
        if (rest.isEmpty()) {
            suppressed.delete(hash);
            known.remove(hash);
        } else {
            var lifted = new Suppression(rest, kept.since());
            suppressed.set(hash, lifted);
            known.put(hash, lifted);
        }
    }

    private String hash(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return HexFormat.of().formatHex(mac.doFinal(address.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    private SecretKeySpec key() {
        if (key == null) {
            key = new SecretKeySpec(Base64.getDecoder().decode(secrets.getOrCreate(KEY_NAME)), "HmacSHA256");
        }
        return key;
    }
}
