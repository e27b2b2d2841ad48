package io.switchboard.responder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.envelope.Envelope;
import io.switchboard.privacy.PrivacyProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which categories are masked before storage is the operator's choice, among the trust layer's own. */
class StoredTextMaskingTest {

    static StoredTextMasking masking(List<String> categories) {
        var personalData = new PersonalData(List.of(new AiProperties.MaskPattern("member", "MBR-\\d{6}")));
        return new StoredTextMasking(personalData,
                new PrivacyProperties(Map.of(), Duration.ofHours(1), 500, Duration.ofMinutes(2), categories));
    }

    static Envelope message(String text) {
        return Envelope.inbound("sms", "SM1", "+14155550100", null, text, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void onlyTheNamedCategoriesAreMasked() {
        String text = "Card 4111 1111 1111 1111, member MBR-123456, mail me at ann@example.com";
        assertThat(masking(List.of("card", "member")).mask(message(text)).text())
                .isEqualTo("Card [card ****1111], member [member], mail me at ann@example.com");
        assertThat(masking(List.of("email")).mask(message(text)).text())
                .isEqualTo("Card 4111 1111 1111 1111, member MBR-123456, mail me at [email]");
        Envelope untouched = message(text);
        assertThat(masking(List.of()).mask(untouched)).isSameAs(untouched);
    }

    @Test
    void anUnknownCategoryStopsTheStart() {
        assertThatThrownBy(() -> masking(List.of("cards")))
                .hasMessageContaining("switchboard.privacy.masked-in-storage: no category 'cards'");
    }
}
