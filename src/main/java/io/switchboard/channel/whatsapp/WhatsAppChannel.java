package io.switchboard.channel.whatsapp;

/** The WhatsApp channel's id, and how Twilio writes its addresses. */
final class WhatsAppChannel {

    static final String ID = "whatsapp";
    static final String PREFIX = "whatsapp:";

    private WhatsAppChannel() {
    }
}
