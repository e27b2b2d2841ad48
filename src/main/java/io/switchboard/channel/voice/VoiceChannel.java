package io.switchboard.channel.voice;

/** The voice channel's id and the paths Twilio calls. */
final class VoiceChannel {

    static final String ID = "voice";
    static final String WEBHOOK = "/webhooks/twilio/voice";

    private VoiceChannel() {
    }
}
