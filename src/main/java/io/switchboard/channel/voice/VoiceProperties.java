package io.switchboard.channel.voice;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Voice settings.
 *
 * @param greeting      said when a call starts
 * @param prompt        said after the caller spoke, before listening again
 * @param noInput       said when the caller said nothing
 * @param hiddenNumber  said (then hung up) when the caller's number is withheld
 * @param language      speech recognition and text-to-speech language (BCP 47)
 * @param voice         Twilio text-to-speech voice, e.g. {@code Polly.Joanna}; empty: Twilio's default
 * @param agentWords    words that ask for a person (pressing 0 does too)
 * @param transfer      where callers who ask for a person go
 */
@ConfigurationProperties("switchboard.voice")
public record VoiceProperties(
        @DefaultValue("Thanks for calling. Tell me how I can help, or say agent to talk to a person.") String greeting,
        @DefaultValue("Thanks, I have noted that. Anything else? Say agent to talk to a person.") String prompt,
        @DefaultValue("Sorry, I did not catch that. Tell me how I can help, or press 0 for a person.") String noInput,
        @DefaultValue("Sorry, we cannot take calls from withheld numbers. Goodbye.") String hiddenNumber,
        @DefaultValue("en-US") String language,
        @DefaultValue("") String voice,
        @DefaultValue({"agent", "human", "person", "operator", "representative", "someone"}) List<String> agentWords,
        @DefaultValue Transfer transfer) {

    public VoiceProperties {
        agentWords = List.copyOf(agentWords);
    }

    /**
     * @param mode    {@code enqueue} (a Twilio queue agents dequeue from) or {@code dial} (a number)
     * @param queue   the Twilio queue name, for {@code enqueue}
     * @param number  the number to dial, for {@code dial}
     * @param message said before the transfer
     */
    public record Transfer(@DefaultValue("enqueue") String mode, @DefaultValue("support") String queue, String number,
                           @DefaultValue("Connecting you to a person. The agent can see what you told me.") String message) {

        public Transfer {
            if (!"enqueue".equals(mode) && !"dial".equals(mode)) {
                throw new IllegalArgumentException("switchboard.voice.transfer.mode is enqueue or dial");
            }
            if ("dial".equals(mode) && (number == null || number.isBlank())) {
                throw new IllegalArgumentException("switchboard.voice.transfer.number is needed to dial");
            }
        }
    }
}
