package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.conversation.CustomerTexts.Text;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerTextsTest {

    private final CustomerTexts texts = new CustomerTexts(new CustomerTexts.Translations(Map.of(
            "es", Map.of("assistant-label", "Asistente automático:", "source", "  "))));

    @Test
    void aTextIsSaidInTheCustomersLanguageAndInEnglishWhereItHasNoTranslation() {
        assertThat(texts.say(Text.ASSISTANT_LABEL, "es", "Automated assistant:")).isEqualTo("Asistente automático:");
        assertThat(texts.say(Text.WAY_TO_PERSON, "es", "Say agent")).as("a key not translated").isEqualTo("Say agent");
        assertThat(texts.say(Text.SOURCE, "es", "Source:")).as("a blank translation").isEqualTo("Source:");
        assertThat(texts.say(Text.ASSISTANT_LABEL, "it", "Automated assistant:")).isEqualTo("Automated assistant:");
        assertThat(texts.say(Text.ASSISTANT_LABEL, null, "Automated assistant:")).isEqualTo("Automated assistant:");
        assertThat(CustomerTexts.locale("de")).isEqualTo(Locale.GERMAN);
        assertThat(CustomerTexts.locale(null)).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void aMisspelledKeyOrLanguageIsRefusedAtStartWithTheTextsThereAre() {
        assertThatThrownBy(() -> new CustomerTexts.Translations(Map.of("es", Map.of("handoff-notise", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.texts.es has keys that are no text: [handoff-notise]")
                .hasMessageContaining("handoff-notice");
        assertThatThrownBy(() -> new CustomerTexts.Translations(Map.of("spanish", Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"spanish\" is no ISO 639-1");
    }
}
