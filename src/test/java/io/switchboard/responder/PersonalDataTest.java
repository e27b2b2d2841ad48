package io.switchboard.responder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

    private final PersonalData personalData = new PersonalData(
            List.of(new AiProperties.MaskPattern("id", "\\b[A-Z]{2}\\d{6}[A-D]\\b")));

    @Test
    void aCardNumberThatPassesTheLuhnCheckKeepsOnlyItsLastFourDigits() {
        assertThat(personalData.mask("my card is 4111 1111 1111 1111, please check"))
                .isEqualTo("my card is [card ****1111], please check");
        assertThat(personalData.mask("card 5500-0000-0000-0004")).isEqualTo("card [card ****0004]");
        assertThat(personalData.mask("4012888888881881")).isEqualTo("[card ****1881]");
    }

    @Test
    void aSixteenDigitNumberThatFailsTheLuhnCheckIsNotTakenForACard() {
        String masked = personalData.mask("reference 4111 1111 1111 1112");
        assertThat(masked).doesNotContain("[card").contains("4111 1111 1111 1112");
    }

    @Test
    void aValidIbanIsMaskedAnInvalidOneIsNot() {
        assertThat(personalData.mask("pay to DE89 3704 0044 0532 0130 00 today")).isEqualTo("pay to [iban] today");
        assertThat(personalData.mask("GB82WEST12345698765432")).isEqualTo("[iban]");
        assertThat(personalData.mask("DE89 3704 0044 0532 0130 01")).doesNotContain("[iban]");
    }

    @Test
    void emailsPhonesAndIdsAreMasked() {
        assertThat(personalData.mask("write to alice.smith+shop@example.co.uk now"))
                .isEqualTo("write to [email] now");
        assertThat(personalData.mask("call me on +44 20 7946 0958 or (555) 123-4567 or 0151 23456789"))
                .isEqualTo("call me on [phone] or [phone] or [phone]");
        assertThat(personalData.mask("my SSN is 123-45-6789")).isEqualTo("my SSN is [id]");
        assertThat(personalData.mask("national insurance QQ123456C")).isEqualTo("national insurance [id]");
    }

    @Test
    void orderNumbersDatesAndAmountsStay() {
        String text = "order #A12345 and order 123456, order number 12345678, invoice 987654321, "
                + "placed on 2026-11-23 (23.11.2026) for 1,234.56 EUR, tracking 1Z999AA10123456784";
        assertThat(personalData.mask(text)).isEqualTo(text);
    }
}
