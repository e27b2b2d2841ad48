package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageDetectorTest {

    private static final LanguageDetector detector = LanguageDetector.withDefaults();

    @Test
    void recognisesTheLanguageOfAnOrdinarySentence() {
        assertThat(detector.detect("Hola, mi tarjeta no ha llegado todavía, ¿qué puedo hacer?")).contains("es");
        assertThat(detector.detect("Bonjour, ma carte n'est toujours pas arrivée, que dois-je faire ?")).contains("fr");
        assertThat(detector.detect("Hallo, meine Karte ist noch nicht angekommen, was soll ich tun?")).contains("de");
        assertThat(detector.detect("Hello, my card still has not arrived, what should I do?")).contains("en");
        assertThat(detector.detect("where is my card")).contains("en");
    }

    @Test
    void saysNothingWhenTheTextIsTooShortToTell() {
        assertThat(detector.detect("ok")).isEmpty();
        assertThat(detector.detect("hello")).isEmpty();
        assertThat(detector.detect("  ")).isEmpty();
    }
}
