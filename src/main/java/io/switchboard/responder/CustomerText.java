package io.switchboard.responder;

import java.util.regex.Pattern;

/**
 * Customer text is data, never instructions: it reaches a model only masked and inside
 * {@code <customer_message>} delimiters, and a customer cannot close the delimiters themselves.
 */
final class CustomerText {

    static final String OPEN = "<customer_message>";
    static final String CLOSE = "</customer_message>";
    private static final Pattern OUR_TAGS = Pattern.compile(
            "(?i)<\\s*/?\\s*(?:customer_message|knowledge|conversation_summary)\\s*/?\\s*>");

    private CustomerText() {
    }

    /** The text with anything that looks like one of our delimiters defused. */
    static String defuse(String text) {
        return OUR_TAGS.matcher(text).replaceAll("[tag removed]");
    }

    static String delimited(String maskedText) {
        return OPEN + "\n" + defuse(maskedText) + "\n" + CLOSE;
    }

    /** The message inside the delimiters, as a retrieval query. */
    static String undelimited(String text) {
        return text.replace(OPEN, " ").replace(CLOSE, " ").strip();
    }
}
