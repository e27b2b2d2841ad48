package io.switchboard.channel.sms;

import java.util.ArrayList;
import java.util.List;

/**
 * How many segments a text costs. GSM-7 (the GSM 03.38 alphabet) carries 160 septets in one segment
 * and 153 per segment of a concatenated message, where characters of the extension table (€, [, ], ...)
 * take two; any other character makes the whole text UCS-2: 70 UTF-16 units alone, 67 per
 * concatenated segment, and a surrogate pair never straddles two segments.
 */
final class SmsSegments {

    static final int TWILIO_MAX_CHARS = 1600;
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    enum Encoding { GSM7, UCS2 }

    private SmsSegments() {
    }

    static Encoding encoding(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
                return Encoding.UCS2;
            }
        }
        return Encoding.GSM7;
    }

    /** Segments {@code text} takes as one (concatenated) message. */
    static int count(String text) {
        Encoding encoding = encoding(text);
        int units = units(text, encoding);
        int single = encoding == Encoding.GSM7 ? 160 : 70;
        if (units <= single) {
            return 1;
        }
        return segmentsOf(text, encoding).size();
    }

    /** The segments as a handset would receive them. */
    static List<String> segmentsOf(String text, Encoding encoding) {
        int per = encoding == Encoding.GSM7 ? 153 : 67;
        var segments = new ArrayList<String>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            int cost = encoding == Encoding.GSM7 ? (GSM_EXTENSION.indexOf(cp) >= 0 ? 2 : 1) : len;
            if (used + cost > per) {
                segments.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += cost;
            i += len;
        }
        segments.add(text.substring(start));
        return segments;
    }

    static int units(String text, Encoding encoding) {
        if (encoding == Encoding.UCS2) {
            return text.length();
        }
        int units = 0;
        for (int i = 0; i < text.length(); i++) {
            units += GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        }
        return units;
    }
}
