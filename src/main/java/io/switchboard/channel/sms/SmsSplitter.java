package io.switchboard.channel.sms;

import io.switchboard.delivery.MessageSplitter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Splits a reply that would cost more than {@code switchboard.sms.max-segments} segments (or more than
 * Twilio's 1600 characters) into several messages, at a sentence or word boundary when there is
 * one. Anything shorter goes as one message, which Twilio sends concatenated.
 */
@Component
class SmsSplitter implements MessageSplitter {

    private final int maxSegments;

    SmsSplitter(SmsProperties properties) {
        this.maxSegments = properties.maxSegments();
    }

    @Override
    public String channel() {
        return SmsChannel.ID;
    }

    @Override
    public List<String> split(String text) {
        var parts = new ArrayList<String>();
        String rest = text.strip();
        while (!fits(rest)) {
            int cut = cut(rest);
            parts.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        parts.add(rest);
        return parts;
    }

    private boolean fits(String text) {
        return text.length() <= SmsSegments.TWILIO_MAX_CHARS && SmsSegments.count(text) <= maxSegments;
    }

    /** Where to end the first message: the longest prefix that fits, shortened to a boundary. */
    private int cut(String text) {
        var encoding = SmsSegments.encoding(text);
        List<String> segments = SmsSegments.segmentsOf(text, encoding);
        int longest = 0;
        for (int i = 0; i < maxSegments && i < segments.size(); i++) {
            longest += segments.get(i).length();
        }
        longest = Math.min(longest, SmsSegments.TWILIO_MAX_CHARS);
        String prefix = text.substring(0, longest);
        int sentence = Math.max(prefix.lastIndexOf(". "), Math.max(prefix.lastIndexOf("! "), prefix.lastIndexOf("? ")));
        if (sentence > longest / 2) {
            return sentence + 1;
        }
        int space = prefix.lastIndexOf(' ');
        if (space > longest / 2) {
            return space;
        }
        return Character.isHighSurrogate(text.charAt(longest - 1)) ? longest - 1 : longest;
    }
}
