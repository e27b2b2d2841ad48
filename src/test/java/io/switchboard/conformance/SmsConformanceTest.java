package io.switchboard.conformance;

/** The SMS connector (Twilio's webhook in, the Twilio SDK out, against the stub of Twilio's API) passes the suite. */
class SmsConformanceTest extends TwilioMessagingConformance {

    @Override
    protected String channel() {
        return "sms";
    }

    @Override
    String webhook() {
        return "/webhooks/twilio/sms";
    }

    @Override
    String prefix() {
        return "";
    }
}
