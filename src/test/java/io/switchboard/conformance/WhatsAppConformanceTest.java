package io.switchboard.conformance;

/** The WhatsApp connector (Twilio's webhook in, the Twilio SDK out with whatsapp: addresses) passes the suite. */
class WhatsAppConformanceTest extends TwilioMessagingConformance {

    @Override
    protected String channel() {
        return "whatsapp";
    }

    @Override
    String webhook() {
        return "/webhooks/twilio/whatsapp";
    }

    @Override
    String prefix() {
        return "whatsapp:";
    }

    @Override
    String[] settings() {
        return new String[] {"switchboard.whatsapp.from-number=+15005550010"};
    }
}
