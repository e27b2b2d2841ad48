package io.switchboard.channel.twilio;

import com.twilio.http.TwilioRestClient;

/** The configured Twilio account: its REST client and sender, when there is one. */
public final class TwilioApi {

    private final TwilioProperties properties;
    private final TwilioRestClient client;

    TwilioApi(TwilioProperties properties, TwilioRestClient client) {
        this.properties = properties;
        this.client = client;
    }

    public boolean configured() {
        return client != null;
    }

    /** The REST client; fails when Twilio is not configured (callers check the channel first). */
    public TwilioRestClient client() {
        if (client == null) {
            throw new IllegalStateException("Twilio is not configured");
        }
        return client;
    }

    public TwilioProperties properties() {
        return properties;
    }
}
