package io.switchboard.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionTest {

    @Test
    void theWilsonIntervalMatchesItsPublishedValues() {
        var eightOfTen = Proportion.of(8, 10);
        assertThat(eightOfTen.share()).isEqualTo(0.8);
        assertThat(eightOfTen.low()).isCloseTo(0.490, within(0.001));
        assertThat(eightOfTen.high()).isCloseTo(0.943, within(0.001));

        var allTwenty = Proportion.of(20, 20);
        assertThat(allTwenty.low()).isCloseTo(0.839, within(0.001));
        assertThat(allTwenty.high()).isEqualTo(1.0);

        var noneOfFive = Proportion.of(0, 5);
        assertThat(noneOfFive.low()).isEqualTo(0.0);
        assertThat(noneOfFive.high()).isCloseTo(0.434, within(0.001));
    }

    @Test
    void moreEvidenceNarrowsItAndNoEvidenceSaysNothing() {
        assertThat(Proportion.of(80, 100).low()).isGreaterThan(Proportion.of(8, 10).low());
        assertThat(Proportion.of(80, 100).high()).isLessThan(Proportion.of(8, 10).high());
        var nothing = Proportion.of(0, 0);
        assertThat(nothing.low()).isZero();
        assertThat(nothing.high()).isEqualTo(1.0);
        assertThatThrownBy(() -> Proportion.of(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
