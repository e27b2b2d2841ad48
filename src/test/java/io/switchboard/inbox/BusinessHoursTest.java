package io.switchboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneRulesException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

    // Europe/Berlin: UTC+1 in winter, UTC+2 from the last Sunday of March
    final BusinessHours weekdays = BusinessHours.parse("Europe/Berlin", List.of("mon-fri 09:00-17:00", "sat 10:00-12:00"),
            List.of(LocalDate.of(2030, 1, 7)));

    @Test
    void isOpenOnlyInsideItsWindowsInItsTimeZoneAndNeverOnAHoliday() {
        assertThat(weekdays.isOpen(Instant.parse("2030-01-08T08:00:00Z"))).as("Tuesday 09:00 Berlin").isTrue();
        assertThat(weekdays.isOpen(Instant.parse("2030-01-08T07:59:59Z"))).isFalse();
        assertThat(weekdays.isOpen(Instant.parse("2030-01-08T16:00:00Z"))).as("17:00 closes").isFalse();
        assertThat(weekdays.isOpen(Instant.parse("2030-01-05T09:30:00Z"))).as("Saturday 10:30").isTrue();
        assertThat(weekdays.isOpen(Instant.parse("2030-01-06T10:00:00Z"))).as("Sunday").isFalse();
        assertThat(weekdays.isOpen(Instant.parse("2030-01-07T10:00:00Z"))).as("holiday Monday").isFalse();
    }

    @Test
    void theNextOpeningSkipsClosedDaysAndHolidays() {
        assertThat(weekdays.nextOpening(Instant.parse("2030-01-05T12:00:00Z")))
                .contains(Instant.parse("2030-01-08T08:00:00Z"));
        assertThat(weekdays.nextOpening(Instant.parse("2030-01-08T10:00:00Z")))
                .as("open now").contains(Instant.parse("2030-01-08T10:00:00Z"));
        assertThat(BusinessHours.parse("Europe/Berlin", List.of("mon 09:00-10:00"), List.of())
                .nextOpening(Instant.parse("2030-03-26T12:00:00Z"))).as("after the change to summer time")
                .contains(Instant.parse("2030-04-01T07:00:00Z"));
    }

    @Test
    void openTimeCountsOnlyBusinessHours() {
        assertThat(weekdays.openTimeBetween(Instant.parse("2030-01-04T15:00:00Z"), Instant.parse("2030-01-08T08:30:00Z")))
                .as("Friday 16:00-17:00, Saturday 10:00-12:00, Tuesday 09:00-09:30")
                .isEqualTo(Duration.ofMinutes(60 + 120 + 30));
        assertThat(BusinessHours.ALWAYS.openTimeBetween(Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-03T06:00:00Z"))).isEqualTo(Duration.ofHours(54));
        assertThat(weekdays.openTimeBetween(Instant.parse("2030-01-08T09:00:00Z"), Instant.parse("2030-01-08T08:00:00Z")))
                .isZero();
    }

    @Test
    void badSchedulesAreRefusedWithAReason() {
        assertThatThrownBy(() -> BusinessHours.parse("UTC", List.of("weekdays 9-5"), List.of()))
                .hasMessageContaining("mon-fri 09:00-17:00");
        assertThatThrownBy(() -> BusinessHours.parse("UTC", List.of("mon 18:00-09:00"), List.of()))
                .hasMessageContaining("closes after it opens");
        assertThatThrownBy(() -> BusinessHours.parse("Mars/Olympus", List.of(), List.of()))
                .isInstanceOf(ZoneRulesException.class);
    }
}
