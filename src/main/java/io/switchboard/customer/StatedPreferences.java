package io.switchboard.customer;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hears a customer say where they want answers ("text me", "email me instead", in English, Spanish,
 * French and German) and makes it their explicit preference, audited with the customer as actor.
 * A negated request ("don't text me") changes nothing. Runs in the inbound route on every new
 * customer message.
 */
@Component("statedPreferences")
public class StatedPreferences {

    private static final Logger log = LoggerFactory.getLogger(StatedPreferences.class);
    private static final String SMS = "(?:sms|text|texto|txt|mensaje de texto|textnachricht)";
    private static final String EMAIL = "(?:e-?mail|correo(?: electronico)?|courriel|mail)";
    private static final Pattern NEGATION = Pattern.compile(
            "\\b(?:don'?t|do not|never|not|no|nunca|ne|pas|jamais|nicht|kein|keine|nie)\\s+(?:[\\w']+\\s+)?$");

    private record Phrase(String channel, Pattern pattern) {
    }

    private static final List<Phrase> PHRASES = List.of(
            phrase("sms", "\\b(?:text|sms|txt) me\\b"),
            phrase("sms", "\\bsend (?:me )?(?:a |an )?" + SMS + "\\b"),
            phrase("sms", "\\b(?:by|via|over|per|por|par) " + SMS + "\\b"),
            phrase("sms", "\\b(?:escribeme|enviame|mandame) (?:un |por )?" + SMS + "\\b"),
            phrase("sms", "\\b(?:envoyez|envoie|ecrivez|ecris)[- ]moi (?:un |par )?" + SMS + "\\b"),
            phrase("sms", "\\b(?:schreib|schreiben sie|schick|schicken sie) mir (?:eine |per )?" + SMS + "\\b"),
            phrase("email", "\\be-?mail me\\b"),
            phrase("email", "\\bsend (?:me )?(?:an? )?" + EMAIL + "\\b"),
            phrase("email", "\\b(?:by|via|over|per|por|par) " + EMAIL + "\\b"),
            phrase("email", "\\b(?:escribeme|enviame|mandame) (?:un |por )?" + EMAIL + "\\b"),
            phrase("email", "\\b(?:envoyez|envoie|ecrivez|ecris)[- ]moi (?:un |par )?" + EMAIL + "\\b"),
            phrase("email", "\\b(?:schreib|schreiben sie|schick|schicken sie) mir (?:eine |per )?" + EMAIL + "\\b"));

    private final CustomerDirectory customers;

    private static Phrase phrase(String channel, String regex) {
        return new Phrase(channel, Pattern.compile(regex));
    }

    StatedPreferences(CustomerDirectory customers) {
        this.customers = customers;
    }

    /** The channel {@code text} asks to be answered on, if it asks. */
    static Optional<String> requested(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        String found = null;
        int at = -1;
        for (Phrase phrase : PHRASES) {
            Matcher m = phrase.pattern().matcher(normalized);
            while (m.find()) {
                if (!NEGATION.matcher(normalized.substring(0, m.start())).find() && m.start() > at) {
                    found = phrase.channel();
                    at = m.start();
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** Records a preference the customer stated in a newly recorded message. */
    public void detect(String customerId, String text) {
        requested(text == null ? "" : text).ifPresent(channel -> {
            Customer customer = customers.require(customerId);
            if (customer.isMerged() || customer.preferenceExplicit() && channel.equals(customer.preferredChannel())) {
                return;
            }
            customers.setPreferredChannel(customerId, channel, "customer");
            log.info("customer {} asked to be answered on {}", customerId, channel);
        });
    }
}
