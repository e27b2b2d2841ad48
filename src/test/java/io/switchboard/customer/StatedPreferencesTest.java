package io.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatedPreferencesTest {

    static final List<StatedPreferences.Phrase> BUILT_IN = StatedPreferences.phrases(Map.of());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Please text me, I rarely check email.|sms",
            "Can you send me a text when it ships?|sms",
            "email me instead|email",
            "I'd rather you reply by e-mail.|email",
            "Mejor escríbeme por SMS, gracias|sms",
            "Envíame un correo, por favor|email",
            "Envoyez-moi un SMS svp|sms",
            "Répondez par courriel s'il vous plaît|email",
            "Schreiben Sie mir eine SMS|sms",
            "Bitte per E-Mail antworten|email",
            "No, please text me|sms",
            "Don't email me, text me|sms"})
    void hearsTheChannelACustomerAsksFor(String text, String channel) {
        assertThat(StatedPreferences.requested(BUILT_IN, text)).contains(channel);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Please don't text me|",
            "Do not email me again|",
            "My text messages are not arriving|",
            "I got your email about the refund|",
            "Bitte keine SMS|"})
    void ignoresEverythingElse(String text, String none) {
        assertThat(StatedPreferences.requested(BUILT_IN, text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Please don't text me|sms|don't text me",
            "Do not email me again|email|do not email me",
            "Don't email me, text me|email|don't email me",
            "Please never send me a text again|sms|never send me a text",
            "Por favor, no me mandes más SMS|sms|no me mandes mas sms",
            "No me escribas por correo|email|no me escribas por correo",
            "Ne m'envoyez plus de SMS, merci|sms|ne m'envoyez plus de sms",
            "Ne m'écrivez pas par courriel|email|ne m'ecrivez pas par courriel",
            "Schicken Sie mir keine SMS mehr|sms|schicken sie mir keine sms",
            "Bitte keine E-Mails mehr|email|keine e-mails mehr"})
    void hearsTheChannelACustomerRefusesInTheirOwnWords(String text, String channel, String words) {
        assertThat(StatedPreferences.refused(BUILT_IN, text)).containsExactly(new StatedPreferences.Refusal(channel, words));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Please text me|",
            "My text messages are not arriving|",
            "I got your email about the refund|",
            "Mándame un SMS|",
            "Envoyez-moi un SMS|",
            "Schreiben Sie mir eine SMS|",
            "Keine Sorge, die SMS kam an|"})
    void aRequestOrAMentionIsNoRefusal(String text, String none) {
        assertThat(StatedPreferences.refused(BUILT_IN, text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Can you whatsapp me the tracking link?|whatsapp",
            "Mejor escríbeme por WhatsApp|whatsapp",
            "Schick mir eine WhatsApp|whatsapp",
            "Please don't whatsapp me|",
            "Please text me instead|sms"})
    void aChannelAConnectorAddsIsHeardFromItsDeclaredWordsAlone(String text, String channel) {
        var phrases = StatedPreferences.phrases(Map.of("whatsapp",
                new CustomerProperties.StatedPreference("(?:whats ?app)", List.of("\\bwhats ?app me\\b"))));
        if (channel == null) {
            assertThat(StatedPreferences.requested(phrases, text)).isEmpty();
        } else {
            assertThat(StatedPreferences.requested(phrases, text)).contains(channel);
        }
    }
}
