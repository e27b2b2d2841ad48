package io.switchboard.channel.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.switchboard.support.TwilioWebhookClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

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
    void forwardedHeadersCountOnlyAsTheServerRebuiltThemFromATrustedProxy() {
        var properties = new TwilioProperties(java.net.URI.create("https://api.twilio.com"), "AC" + "0".repeat(32), "12345",
                "+15005550006", null, null, null);
        var form = new java.util.LinkedHashMap<String, String>(PARAMS);
        String proxied = "https://mycompany.com/myapp.php";
        var request = new MockHttpServletRequest("POST", "/myapp.php");
        request.setQueryString("foo=1&bar=2");
        request.addHeader(TwilioWebhooks.SIGNATURE, PUBLISHED);
        // what Tomcat's RemoteIpValve makes of a trusted proxy's X-Forwarded-Proto and -Host
        request.setScheme("https");
        request.setServerName("mycompany.com");
        request.setServerPort(443);
        var webhook = io.switchboard.channel.webhook.WebhookRequest.of(request);
        assertThat(new TwilioWebhooks(properties, "https://gateway.example.com", true).verify(webhook, form))
                .as("native forward headers: the URL the server rebuilt").isTrue();
        assertThat(new TwilioWebhooks(properties, "https://gateway.example.com", false).verify(webhook, form))
                .as("otherwise the public base URL only").isFalse();
        assertThat(new TwilioWebhooks(properties, proxied.substring(0, proxied.indexOf("/myapp")), false)
                .verify(webhook, form)).isTrue();
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
