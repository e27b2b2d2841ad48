package io.switchboard.channel.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.switchboard.support.TwilioWebhookClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test signer and the SDK's validator both agree with Twilio's published example. */
class TwilioSignatureTest {

    static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    static final Map<String, String> PARAMS = Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+14158675309",
            "Digits", "1234", "From", "+14158675309", "To", "+18005551212");
    static final String PUBLISHED = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    @Test
    void theTestSignerReproducesTwiliosPublishedExample() {
        assertThat(TwilioWebhookClient.sign("12345", URL, PARAMS)).isEqualTo(PUBLISHED);
    }

    @Test
    void theSdkValidatorAcceptsTheExampleAndRefusesAnyChange() {
        var validator = new RequestValidator("12345");
        assertThat(validator.validate(URL, PARAMS, PUBLISHED)).isTrue();
        assertThat(validator.validate(URL.replace("foo=1", "foo=2"), PARAMS, PUBLISHED)).isFalse();
        var tampered = new java.util.HashMap<>(PARAMS);
        tampered.put("Digits", "1235");
        assertThat(validator.validate(URL, tampered, PUBLISHED)).isFalse();
        assertThat(new RequestValidator("54321").validate(URL, PARAMS, PUBLISHED)).isFalse();
    }
}
