package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Authentication-Results as real receiving servers write them, and what makes a sender verified. */
class SenderVerificationTest {

    static final String GMAIL = """
            mx.google.com;
                   dkim=pass header.i=@example.com header.s=20230601 header.b=AbCdEf12;
                   spf=pass (google.com: domain of alice@example.com designates 209.85.220.41 as permitted sender) \
            smtp.mailfrom=alice@example.com;
                   dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com""";
    static final String OPENDMARC = "mx.shop.example; dmarc=pass (p=reject dis=none) header.from=example.com";
    static final String OPENDKIM = "mx.shop.example;\r\n\tdkim=pass (2048-bit key; unprotected) header.d=example.com "
            + "header.i=@example.com header.a=rsa-sha256 header.s=mail header.b=\"Zx9+/ab\"";

    final SenderVerification trustingShop = new SenderVerification(SenderVerification.Policy.REQUIRE,
            List.of("mx.shop.example", "MX.Google.com"));

    @Test
    void theParserReadsCommentsQuotesVersionsAndEveryMethod() {
        var gmail = AuthenticationResults.parse(GMAIL);
        assertThat(gmail.authservId()).isEqualTo("mx.google.com");
        assertThat(gmail.results()).extracting(AuthenticationResults.Result::method).containsExactly("dkim", "spf", "dmarc");
        assertThat(gmail.results().get(0).properties()).containsEntry("header.i", "@example.com");
        assertThat(gmail.results().get(2).properties()).containsEntry("header.from", "example.com");

        var dkim = AuthenticationResults.parse(OPENDKIM);
        assertThat(dkim.results().get(0).properties()).containsEntry("header.d", "example.com")
                .containsEntry("header.b", "Zx9+/ab");
        var versioned = AuthenticationResults.parse("mx.shop.example 1; dkim/1 = pass header.d = example.com");
        assertThat(versioned.authservId()).isEqualTo("mx.shop.example");
        assertThat(versioned.results().get(0).result()).isEqualTo("pass");
        assertThat(AuthenticationResults.parse("mx.shop.example; none").results()).isEmpty();
        assertThat(AuthenticationResults.parse("mx.shop.example (a comment; with a semicolon); dmarc=fail (p=reject)"
                + " header.from=\"example.com\"").results().get(0).properties()).containsEntry("header.from", "example.com");
    }

    @Test
    void aHeaderWithoutAnAuthservIdIsNobodysWord() {
        // Microsoft 365 writes its results without one; only ARC or a named server can be believed
        assertThat(AuthenticationResults.parse("spf=pass (sender IP is 40.107.0.1) smtp.mailfrom=example.com; "
                + "dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com"))
                .isNull();
        assertThat(trustingShop.unverifiedReason("alice@example.com", List.of("dmarc=pass header.from=example.com")))
                .isNotNull();
    }

    @Test
    void dmarcOrAlignedDkimFromATrustedServerVerifiesTheSender() {
        assertThat(trustingShop.unverifiedReason("alice@example.com", List.of(GMAIL))).isNull();
        assertThat(trustingShop.unverifiedReason("alice@example.com", List.of(OPENDKIM, OPENDMARC))).isNull();
        assertThat(trustingShop.unverifiedReason("alice@example.com", List.of(OPENDKIM))).as("aligned DKIM alone").isNull();
        assertThat(trustingShop.unverifiedReason("alice@mail.example.com", List.of(OPENDKIM)))
                .as("a subdomain of the signing domain").isNull();
        assertThat(trustingShop.unverifiedReason("alice@example.com",
                List.of("mx.shop.example; dkim=pass header.d=mail.example.com"))).as("signed by a subdomain").isNull();
    }

    @Test
    void everyOtherMailIsUnverifiedWithAReasonForTheAgent() {
        assertThat(trustingShop.unverifiedReason("alice@example.com", List.of()))
                .isEqualTo("no authentication results from the trusted receiving server");
        assertThat(trustingShop.unverifiedReason("alice@example.com",
                List.of("mx.evil.example; dmarc=pass header.from=example.com")))
                .as("a server nobody trusts").isEqualTo("no authentication results from the trusted receiving server");
        assertThat(trustingShop.unverifiedReason("alice@example.com",
                List.of("mx.shop.example; spf=pass smtp.mailfrom=example.com; dmarc=fail header.from=example.com")))
                .isEqualTo("dmarc=fail");
        assertThat(trustingShop.unverifiedReason("alice@example.com",
                List.of("mx.shop.example; dkim=pass header.d=evil.example")))
                .isEqualTo("dkim=pass for another domain than the sender's");
        assertThat(trustingShop.unverifiedReason("alice@example.com",
                List.of("mx.shop.example; dmarc=pass header.from=evil.example"))).as("DMARC of another domain")
                .isEqualTo("dmarc=pass");
        assertThat(trustingShop.unverifiedReason("alice@example.com", List.of("mx.shop.example; spf=pass")))
                .isEqualTo("no DMARC or DKIM result for the sender's domain");
        assertThat(trustingShop.unverifiedReason("alice@example.com", List.of("mx.shop.example; dkim=pass header.d=com")))
                .as("a bare suffix never aligns").isNotNull();
        assertThat(new SenderVerification(SenderVerification.Policy.REQUIRE, List.of())
                .unverifiedReason("alice@example.com", List.of(GMAIL)))
                .isEqualTo("no trusted receiving server is configured to vouch for senders");
    }

    @Test
    void aForgedPassBelowTheServersOwnVerdictOrBelowAnotherServerChangesNothing() {
        String serversVerdict = "mx.shop.example; spf=softfail smtp.mailfrom=evil.example; dkim=none; "
                + "dmarc=fail header.from=example.com";
        String forged = "mx.shop.example; dkim=pass header.d=example.com; dmarc=pass header.from=example.com";
        assertThat(trustingShop.unverifiedReason("alice@example.com", List.of(serversVerdict, forged))).isEqualTo("dmarc=fail");
        assertThat(trustingShop.unverifiedReason("alice@example.com",
                List.of("relay.other.example; dkim=none", forged))).as("below a header of another server")
                .isNotNull();
    }

    @Test
    void withThePolicyOffEverySenderIsBelieved() {
        assertThat(new SenderVerification(SenderVerification.Policy.OFF, List.of())
                .unverifiedReason("alice@example.com", List.of())).isNull();
    }
}
