package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.support.TwilioStub;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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

    @Test
    void theModelAnswersWithTheFirstKnowledgePassageAndRemembersThePromptSize() throws Exception {
        try (var standIn = new ProviderStandIn()) {
            String system = "You are the assistant.";
            String user = "<customer_message>\nHow do I return an item?\n</customer_message>\n\n<knowledge>\n"
                    + "Returns are free within 30 days.\n\nShipping takes 3 days.\n</knowledge>";
            String body = new ObjectMapper().writeValueAsString(Map.of("model", "stand-in", "messages", List.of(
                    Map.of("role", "system", "content", system), Map.of("role", "user", "content", user))));
            var request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            var answer = new ObjectMapper().readTree(response.body()).path("choices").path(0).path("message");
            assertThat(answer.path("role").asText()).isEqualTo("assistant");
            assertThat(answer.path("content").asText()).isEqualTo("Returns are free within 30 days.");
            assertThat(standIn.lastPromptChars()).isEqualTo(system.length() + user.length());
            assertThat(standIn.messages()).as("not an SMS").isZero();
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
