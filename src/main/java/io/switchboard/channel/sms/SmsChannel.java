package io.switchboard.channel.sms;

/** The SMS channel's id. */
final class SmsChannel {

    static final String ID = "sms";

    private SmsChannel() {
    }
}
