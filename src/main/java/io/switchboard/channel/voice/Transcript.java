package io.switchboard.channel.voice;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A voice transcript another system posts to {@code /webhooks/voice/transcripts}: live (several posts
 * per call, each with the segments new since the last) or after the call ({@code final}).
 *
 * @param callId   the call's id in that system (a Twilio CallSid, say)
 * @param from     the caller's number
 * @param to       the number called
 * @param segments what was said, each with its position in the call
 * @param finished {@code final} in JSON: the call is over
 */
record Transcript(String callId, String from, String to, List<Segment> segments,
                  @JsonProperty("final") boolean finished) {

    static final int MAX_SEGMENTS = 500;
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    Transcript {
        if (callId == null || !CALL_ID.matcher(callId).matches()) {
            throw new IllegalArgumentException("callId is required: letters, digits and ._:- only, at most 128");
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("from (the caller's number) is required");
        }
        if (segments == null || segments.isEmpty() || segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("segments: 1 to " + MAX_SEGMENTS + " are required");
        }
        segments = List.copyOf(segments);
        var seen = new HashSet<Long>();
        for (Segment s : segments) {
            if (!seen.add(s.seq())) {
                throw new IllegalArgumentException("segment seq " + s.seq() + " appears twice");
            }
        }
    }

    /**
     * @param seq     position of the segment in the call, from 0; with the call id, its idempotency key
     * @param speaker {@code customer} (or {@code caller}) for the caller, anything else for the other side
     * @param text    what was said
     * @param at      when it was said, if known
     */
    record Segment(Long seq, String speaker, String text, Instant at) {

        static final int MAX_TEXT = 10_000;

        Segment {
            if (seq == null || seq < 0) {
                throw new IllegalArgumentException("every segment needs a seq >= 0");
            }
            if (speaker == null || speaker.isBlank() || speaker.length() > 64) {
                throw new IllegalArgumentException("every segment needs a speaker (at most 64 characters)");
            }
            if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
                throw new IllegalArgumentException("every segment needs text (at most " + MAX_TEXT + " characters)");
            }
        }

        boolean byCaller() {
            String s = speaker.strip().toLowerCase(Locale.ROOT);
            return s.equals("customer") || s.equals("caller");
        }
    }
}
