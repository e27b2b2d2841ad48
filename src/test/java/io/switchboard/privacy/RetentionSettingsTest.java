package io.switchboard.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retention windows as an operator writes them: a duration or 'forever', every kind named, no typo let through. */
class RetentionSettingsTest {

    static RetainedData kind(String name) {
        return new RetainedData() {
            @Override
            public String retention() {
                return name;
            }

            @Override
            public int purge(Instant cutoff, Set<String> heldCustomers, int batch) {
                return 0;
            }
        };
    }

    static PrivacyProperties settings(Map<String, String> retention) {
        return new PrivacyProperties(retention, Duration.ofHours(1), 500, Duration.ofMinutes(2), List.of());
    }

    @Test
    void aWindowIsADurationOrForever() {
        var settings = settings(Map.of("audit-events", "730d", "identity-links", "forever"));
        assertThat(settings.window("audit-events")).contains(Duration.ofDays(730));
        assertThat(settings.window("identity-links")).isEmpty();
        assertThatThrownBy(() -> settings(Map.of("audit-events", "two years")))
                .hasMessageContaining("switchboard.privacy.retention.audit-events=two years");
        assertThatThrownBy(() -> settings(Map.of("audit-events", "0d"))).hasMessageContaining("positive");
    }

    @Test
    void everyKindMustHaveAWindowAndEveryWindowAKind() {
        var meters = new SimpleMeterRegistry();
        assertThatThrownBy(() -> new RetentionPurge(List.of(kind("audit-events"), kind("identity-links")),
                settings(Map.of("audit-events", "730d")), null, meters, Clock.systemUTC()))
                .hasMessageContaining("switchboard.privacy.retention.identity-links is not set");
        assertThatThrownBy(() -> new RetentionPurge(List.of(kind("audit-events")),
                settings(Map.of("audit-events", "730d", "audit-event", "30d")), null, meters, Clock.systemUTC()))
                .hasMessageContaining("switchboard.privacy.retention.audit-event names no kind of data");
    }
}
