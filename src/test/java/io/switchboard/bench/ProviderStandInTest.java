package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.TwilioStub;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The benchmark's Twilio stand-in notices a reply sent twice, which would otherwise pass unseen. */
class ProviderStandInTest {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKeySentTwiceIsCountedOnceAndTheFirstArrivalPerRecipientIsKept() throws Exception {
        try (var standIn = new ProviderStandIn()) {
            assertThat(send(standIn, "+15550000001", "turn-1", TwilioStub.AUTH_TOKEN).statusCode()).isEqualTo(201);
            Long first = standIn.firstArrivalTo("+15550000001");
            send(standIn, "+15550000001", "turn-2", TwilioStub.AUTH_TOKEN);
            send(standIn, "+15550000002", "turn-3", TwilioStub.AUTH_TOKEN);
            send(standIn, "+15550000002", "turn-3", TwilioStub.AUTH_TOKEN);
            send(standIn, "+15550000002", "turn-3", TwilioStub.AUTH_TOKEN);

            assertThat(standIn.messages()).isEqualTo(5);
            assertThat(standIn.keysSentTwice()).isEqualTo(1);
            assertThat(standIn.firstArrivalTo("+15550000001")).isEqualTo(first);
            assertThat(standIn.firstArrivalTo("+15550000003")).isNull();
        }
    }

    @Test
    void aRequestWithTheWrongTokenIsRefusedAndNotCounted() throws Exception {
        try (var standIn = new ProviderStandIn()) {
            assertThat(send(standIn, "+15550000001", "turn-1", "wrong-token").statusCode()).isEqualTo(401);
            assertThat(standIn.messages()).isZero();
        }
    }

    private HttpResponse<String> send(ProviderStandIn standIn, String to, String key, String token) throws Exception {
        String callback = TwilioStub.PUBLIC_BASE_URL + "/webhooks/twilio/status?k=" + key;
        String form = "To=" + URLEncoder.encode(to, StandardCharsets.UTF_8) + "&From=" + URLEncoder.encode(TwilioStub.FROM,
                StandardCharsets.UTF_8) + "&Body=Hello&StatusCallback=" + URLEncoder.encode(callback, StandardCharsets.UTF_8);
        String credentials = Base64.getEncoder().encodeToString((TwilioStub.ACCOUNT_SID + ":" + token).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/2010-04-01/Accounts/" + TwilioStub.ACCOUNT_SID
                        + "/Messages.json"))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
