package io.switchboard.envelope;

import java.util.List;

/**
 * Hints a channel gives about which earlier message this one continues.
 *
 * @param messageId  the provider's id of this message in threading terms (email Message-ID)
 * @param inReplyTo  the message this one answers (email In-Reply-To)
 * @param references earlier messages of the thread, oldest first (email References)
 * @param callId     the call this message belongs to (Twilio CallSid)
 */
public record Threading(String messageId, String inReplyTo, List<String> references, String callId) {

    public static final Threading NONE = new Threading(null, null, List.of(), null);

    public Threading {
        references = references == null ? List.of() : List.copyOf(references);
    }
}
