package io.switchboard.channel.voice;

import com.twilio.exception.TwilioException;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.Twiml;
import io.switchboard.envelope.DeliveryRefusedException;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.channel.twilio.TwilioApi;
import io.switchboard.channel.twilio.TwilioFailures;
import io.switchboard.customer.Address;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Speaks a reply into the caller's call in progress: the call's TwiML is replaced (Twilio's
 * {@code Call} update) by a {@code <Say>} of the reply and the next {@code <Gather>}. A call that has
 * ended cannot carry it: that is a refusal, and the outbox falls back to a written channel. Used by
 * the {@code voice-sink} connector.
 */
@Component("voiceSpeaker")
public class VoiceSpeaker {

    private final TwilioApi twilio;
    private final LiveCalls calls;
    private final VoiceTwiml twiml;

    VoiceSpeaker(TwilioApi twilio, LiveCalls calls, VoiceTwiml twiml) {
        this.twilio = twilio;
        this.calls = calls;
        this.twiml = twiml;
    }

    public void speak(@Body Envelope envelope, Exchange exchange) {
        var call = calls.current(new Address(VoiceChannel.ID, envelope.to()))
                .orElseThrow(() -> new DeliveryRefusedException("the call has ended"));
        try {
            Call.updater(call.callSid())
                    .setTwiml(new Twiml(twiml.sayAndListen(List.of(envelope.text())).toXml()))
                    .update(twilio.client());
        } catch (TwilioException e) {
            throw TwilioFailures.translate(e);
        }
        exchange.getMessage().setHeader(EnvelopeHeaders.PROVIDER_MESSAGE_ID, call.callSid());
    }
}
