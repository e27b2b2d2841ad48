package io.switchboard.channel.voice;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Enqueue;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import io.switchboard.channel.twilio.TwilioWebhooks;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The TwiML the gateway answers calls with, built with the SDK's builders. Every {@code <Gather>}
 * posts to the voice webhook with its own id, so each utterance has an idempotency key and Twilio's
 * retries of it record nothing twice.
 */
@Component
class VoiceTwiml {

    private final VoiceProperties properties;
    private final TwilioWebhooks webhooks;

    VoiceTwiml(VoiceProperties properties, TwilioWebhooks webhooks) {
        this.properties = properties;
        this.webhooks = webhooks;
    }

    /** Say each of {@code lines}, then listen for the caller's next words (or 0 for a person). */
    VoiceResponse sayAndListen(List<String> lines) {
        String gatherId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        var gather = new Gather.Builder()
                .inputs(List.of(Gather.Input.SPEECH, Gather.Input.DTMF))
                .action(webhooks.publicUrl(VoiceChannel.WEBHOOK + "?g=" + gatherId))
                .method(com.twilio.http.HttpMethod.POST)
                .numDigits(1)
                .speechTimeout("auto")
                .language(wire(Gather.Language.values(), properties.language()))
                .hints(String.join(", ", properties.agentWords()))
                .build();
        var response = new VoiceResponse.Builder();
        lines.forEach(line -> response.say(say(line)));
        return response.gather(gather)
                // no input at all: ask again through the webhook rather than hanging up
                .redirect(new Redirect.Builder(webhooks.publicUrl(VoiceChannel.WEBHOOK + "?g=" + gatherId + "&silence=1"))
                        .method(com.twilio.http.HttpMethod.POST).build())
                .build();
    }

    /** Say the transfer message and hand the call to a person. */
    VoiceResponse transfer() {
        var transfer = properties.transfer();
        var response = new VoiceResponse.Builder().say(say(transfer.message()));
        if ("dial".equals(transfer.mode())) {
            response.dial(new Dial.Builder(transfer.number()).build());
        } else {
            response.enqueue(new Enqueue.Builder(transfer.queue()).build());
        }
        return response.build();
    }

    VoiceResponse sayAndHangUp(String line) {
        return new VoiceResponse.Builder().say(say(line)).hangup(new Hangup.Builder().build()).build();
    }

    private Say say(String text) {
        var say = new Say.Builder(text).language(wire(Say.Language.values(), properties.language()));
        if (!properties.voice().isBlank()) {
            say.voice(wire(Say.Voice.values(), properties.voice()));
        }
        return say.build();
    }

    /** The SDK's constant for a value as TwiML writes it ({@code en-US}, {@code Polly.Joanna}). */
    private static <E extends Enum<E>> E wire(E[] values, String value) {
        for (E e : values) {
            if (e.toString().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("not a Twilio voice setting: " + value);
    }
}
