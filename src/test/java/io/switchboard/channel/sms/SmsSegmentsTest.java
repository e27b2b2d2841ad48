package io.switchboard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GSM-7 and UCS-2 segment rules, and how a long reply is split. */
class SmsSegmentsTest {

    final SmsSplitter splitter = new SmsSplitter(new SmsProperties("help", "", "", List.of("STOP"), List.of("START"),
            List.of("HELP"), 20, Duration.ofMinutes(1), 10, true));

    @Test
    void gsm7CarriesOneHundredSixtyCharactersThenOneHundredFiftyThreePerSegment() {
        assertThat(SmsSegments.encoding("Hello, your order #12 ships today! @ 5£")).isEqualTo(SmsSegments.Encoding.GSM7);
        assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(1);
        assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(2);
        assertThat(SmsSegments.count("a".repeat(306))).isEqualTo(2);
        assertThat(SmsSegments.count("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void extensionCharactersTakeTwoSeptets() {
        assertThat(SmsSegments.encoding("Price: 10€ [net]")).isEqualTo(SmsSegments.Encoding.GSM7);
        assertThat(SmsSegments.count("€".repeat(80))).isEqualTo(1);
        assertThat(SmsSegments.count("€".repeat(81))).isEqualTo(2);
    }

    @Test
    void oneCharacterOutsideGsm7MakesTheWholeTextUcs2() {
        assertThat(SmsSegments.encoding("Thanks 🙂")).isEqualTo(SmsSegments.Encoding.UCS2);
        assertThat(SmsSegments.encoding("Grüße aus Köln – bis bald")).isEqualTo(SmsSegments.Encoding.UCS2);
        assertThat(SmsSegments.count("ж".repeat(70))).isEqualTo(1);
        assertThat(SmsSegments.count("ж".repeat(71))).isEqualTo(2);
        assertThat(SmsSegments.count("ж".repeat(134))).isEqualTo(2);
        assertThat(SmsSegments.count("ж".repeat(135))).isEqualTo(3);
    }

    @Test
    void aSurrogatePairNeverStraddlesTwoSegments() {
        String text = "a".repeat(66) + "🙂" + "b";
        List<String> segments = SmsSegments.segmentsOf(text, SmsSegments.Encoding.UCS2);
        assertThat(segments).containsExactly("a".repeat(66), "🙂b");
    }

    @Test
    void aReplyThatFitsTenSegmentsGoesWholeAndALongerOneIsSplitAtSentences() {
        String fits = "word ".repeat(300).strip();
        assertThat(splitter.split(fits)).containsExactly(fits);

        String sentence = "This sentence is part of a long explanation of the refund policy. ";
        String longText = sentence.repeat(40).strip();
        List<String> parts = splitter.split(longText);
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(String.join(" ", parts)).isEqualTo(longText);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(1600);
            assertThat(SmsSegments.count(p)).isLessThanOrEqualTo(10);
        });
        assertThat(parts.get(0)).endsWith("policy.");
    }

    @Test
    void ucs2RepliesAreSplitSoonerBecauseTheirSegmentsAreShorter() {
        String text = "Danke für Ihre Geduld – wir melden uns. ".repeat(30).strip();
        List<String> parts = splitter.split(text);
        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(p -> assertThat(SmsSegments.count(p)).isLessThanOrEqualTo(10));
    }
}
