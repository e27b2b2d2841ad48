package io.switchboard.channel.email;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether an e-mail's sender may be taken for the holder of its {@code From} address. Only the
 * receiving server the operator trusts is believed ({@code switchboard.email.trusted-authserv-ids}),
 * and only its own {@code Authentication-Results} headers: those at the top of the mail, above any
 * written by another server. A server prepends its headers, so anything the sender forged sits below
 * them: of each method the topmost result counts, and a forged {@code dmarc=pass} under the server's
 * {@code dmarc=fail} changes nothing (RFC 8601 also has the server remove forged headers bearing its
 * name, which a server that checks only DKIM must do for DMARC to be believed). The sender is verified
 * on {@code dmarc=pass} for the From domain, or {@code dkim=pass} by a domain aligned with it.
 */
final class SenderVerification {

    /** {@code require}: unverified senders are marked; {@code off}: every sender is believed (development). */
    enum Policy {
        REQUIRE, OFF
    }

    private final Policy policy;
    private final Set<String> trusted;

    SenderVerification(Policy policy, List<String> trustedAuthservIds) {
        this.policy = policy;
        this.trusted = trustedAuthservIds.stream().map(id -> id.strip().toLowerCase(Locale.ROOT))
                .filter(id -> !id.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Null when the sender is verified (or the policy is off); otherwise why not, for agents and logs. */
    String unverifiedReason(String from, List<String> authenticationResults) {
        if (policy == Policy.OFF) {
            return null;
        }
        if (trusted.isEmpty()) {
            return "no trusted receiving server is configured to vouch for senders";
        }
        String fromDomain = from.substring(from.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        var results = new ArrayList<AuthenticationResults.Result>();
        var methods = new HashSet<String>();
        for (String header : authenticationResults) {
            AuthenticationResults parsed = AuthenticationResults.parse(header);
            if (parsed == null || !trusted.contains(parsed.authservId())) {
                break;
            }
            // the topmost header naming a method is the server's own; a lower one may be forged
            var seenHere = new HashSet<String>();
            for (var result : parsed.results()) {
                if (!methods.contains(result.method())) {
                    results.add(result);
                    seenHere.add(result.method());
                }
            }
            methods.addAll(seenHere);
        }
        if (results.isEmpty()) {
            return "no authentication results from the trusted receiving server";
        }
        for (var r : results) {
            if (r.method().equals("dmarc") && r.result().equals("pass")
                    && fromDomain.equals(r.properties().getOrDefault("header.from", fromDomain).toLowerCase(Locale.ROOT))) {
                return null;
            }
            if (r.method().equals("dkim") && r.result().equals("pass") && aligned(signingDomain(r), fromDomain)) {
                return null;
            }
        }
        return results.stream().filter(r -> r.method().equals("dmarc")).findFirst()
                .map(r -> "dmarc=" + r.result())
                .or(() -> results.stream().filter(r -> r.method().equals("dkim")).findFirst()
                        .map(r -> r.result().equals("pass") ? "dkim=pass for another domain than the sender's"
                                : "dkim=" + r.result()))
                .orElse("no DMARC or DKIM result for the sender's domain");
    }

    private static String signingDomain(AuthenticationResults.Result dkim) {
        String d = dkim.properties().get("header.d");
        if (d == null && dkim.properties().get("header.i") != null) {
            String i = dkim.properties().get("header.i");
            d = i.substring(i.lastIndexOf('@') + 1);
        }
        return d == null ? null : d.toLowerCase(Locale.ROOT);
    }

    /**
     * DMARC's relaxed alignment: the same domain, or one a subdomain of the other. Without the public
     * suffix list a bare suffix (no dot) never aligns; a signature for a public suffix such as
     * {@code co.uk} would need its owner's key, which nobody publishes.
     */
    static boolean aligned(String signing, String from) {
        if (signing == null || !signing.contains(".")) {
            return false;
        }
        return signing.equals(from) || from.endsWith("." + signing) || signing.endsWith("." + from);
    }
}
