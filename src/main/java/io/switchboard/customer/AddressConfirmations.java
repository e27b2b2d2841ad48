package io.switchboard.customer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * One-time codes that prove a customer holds a claimed address. Codes are kept hashed, expire,
 * and allow a limited number of wrong guesses; they live in memory only (a restart means a new
 * code, nothing else is lost). Wrong guesses are also counted per address, over every claim of it:
 * an address guessed at too often is locked for a while (no code is sent to it, none is taken), so a
 * new claim does not buy a new guessing budget.
 */
@Component
class AddressConfirmations {

    static final String MAP = "address-confirmations";
    static final String FAILURES = "address-code-failures";

    private final SecureRandom random = new SecureRandom();
    private final IMap<String, Pending> pending;
    private final IMap<String, Integer> failures;
    private final CustomerProperties properties;
    private final Clock clock;

    AddressConfirmations(HazelcastInstance hazelcast, CustomerProperties properties, Clock clock) {
        this.pending = hazelcast.getMap(MAP);
        this.failures = hazelcast.getMap(FAILURES);
        this.properties = properties;
        this.clock = clock;
    }

    record Code(Address address, String salt, String hash, Instant expiresAt, int attemptsLeft) {
    }

    record Pending(List<Code> codes) {
        Pending {
            codes = List.copyOf(codes);
        }
    }

    /** Issues a new code for {@code address}, replacing an earlier one; returns the code to send. */
    String issue(String customerId, Address address) {
        String code = "%06d".formatted(random.nextInt(1_000_000));
        String salt = HexFormat.of().formatHex(random.generateSeed(8));
        Instant expires = clock.instant().plus(properties.confirmationCodeTtl());
        pending.executeOnKey(customerId, new Issue(new Code(address, salt, hash(salt, code), expires,
                properties.confirmationAttempts())));
        pending.setTtl(customerId, properties.confirmationCodeTtl().toSeconds() + 60, TimeUnit.SECONDS);
        return code;
    }

    /** True when the address was guessed at too often lately: it gets no code and takes none. */
    boolean locked(Address address) {
        Integer wrong = failures.get(address.toString());
        return wrong != null && wrong >= properties.claims().failuresBeforeLock();
    }

    /**
     * The address the code confirms, if it is right, in time, not guessed too often for this claim
     * and the address not locked. A wrong code counts against every address the customer has a code
     * for.
     */
    Optional<Address> verify(String customerId, String code) {
        if (code == null || !code.strip().matches("\\d{6}")) {
            return Optional.empty();
        }
        Pending waiting = pending.get(customerId);
        if (waiting == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Set<Address> guessedAt = waiting.codes().stream().filter(c -> !c.expiresAt().isBefore(now)).map(Code::address)
                .collect(Collectors.toSet());
        Set<Address> lockedNow = guessedAt.stream().filter(this::locked).collect(Collectors.toSet());
        Address confirmed = pending.executeOnKey(customerId, new Verify(code.strip(), now, lockedNow));
        if (confirmed != null) {
            failures.delete(confirmed.toString());
            return Optional.of(confirmed);
        }
        long lockSeconds = Math.max(1, properties.claims().lockFor().toSeconds());
        guessedAt.stream().filter(a -> !lockedNow.contains(a))
                .forEach(a -> failures.executeOnKey(a.toString(), new CountFailure(lockSeconds)));
        return Optional.empty();
    }

    static String hash(String salt, String code) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest((salt + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    record Issue(Code code) implements EntryProcessor<String, Pending, Void> {
        @Override
        public Void process(Map.Entry<String, Pending> entry) {
            var codes = new ArrayList<Code>();
            if (entry.getValue() != null) {
                entry.getValue().codes().stream().filter(c -> !c.address().equals(code.address())).forEach(codes::add);
            }
            codes.add(code);
            entry.setValue(new Pending(codes));
            return null;
        }
    }

    /** Codes of locked addresses are dropped unread: a lock also voids a code sent before it. */
    record Verify(String code, Instant now, Set<Address> locked) implements EntryProcessor<String, Pending, Address> {
        @Override
        public Address process(Map.Entry<String, Pending> entry) {
            if (entry.getValue() == null) {
                return null;
            }
            var live = entry.getValue().codes().stream().filter(c -> !c.expiresAt().isBefore(now))
                    .filter(c -> !locked.contains(c.address())).toList();
            Address confirmed = live.stream()
                    .filter(c -> MessageDigest.isEqual(c.hash().getBytes(StandardCharsets.US_ASCII),
                            hash(c.salt(), code).getBytes(StandardCharsets.US_ASCII)))
                    .map(Code::address).findFirst().orElse(null);
            var remaining = new ArrayList<Code>();
            for (Code c : live) {
                if (confirmed != null) {
                    if (!c.address().equals(confirmed)) {
                        remaining.add(c);
                    }
                } else if (c.attemptsLeft() > 1) {
                    remaining.add(new Code(c.address(), c.salt(), c.hash(), c.expiresAt(), c.attemptsLeft() - 1));
                }
            }
            entry.setValue(remaining.isEmpty() ? null : new Pending(remaining));
            return confirmed;
        }
    }

    /** One more wrong code for an address; the count lives as long as a lock would. */
    record CountFailure(long ttlSeconds) implements EntryProcessor<String, Integer, Integer> {
        @Override
        public Integer process(Map.Entry<String, Integer> entry) {
            int next = entry.getValue() == null ? 1 : entry.getValue() + 1;
            ((ExtendedMapEntry<String, Integer>) entry).setValue(next, ttlSeconds, TimeUnit.SECONDS);
            return next;
        }
    }
}
