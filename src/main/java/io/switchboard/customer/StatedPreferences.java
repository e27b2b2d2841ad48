package io.switchboard.customer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hears a customer say where they want answers ("text me", "email me instead", in English, Spanish,
 * French and German) and makes it their explicit preference, audited with the customer as actor.
 * A negated request ("don't text me", "no me mandes SMS", "ne m'envoyez plus de SMS", "schicken Sie
 * mir keine SMS mehr") is no preference but a consent withdrawn: messages the company
 * starts ({@code notifications}, {@code marketing}) no longer go to their addresses on that channel,
 * recorded with the customer's words. Runs in the inbound route on every new customer message.
 *
 * <p>The ways of asking are the language's ("send me a ...", "by ...", "escríbeme por ...",
 * "envoyez-moi un ...", "schreib mir eine ..."); what fills the gap is the channel's: the words people
 * use for it ({@code names}), plus phrases of its own ("text me"). SMS and e-mail are known; a channel
 * added by a connector declares its words in {@code switchboard.customer.stated-preferences.<channel>}.
 */
@Component("statedPreferences")
public class StatedPreferences {

    private static final Logger log = LoggerFactory.getLogger(StatedPreferences.class);
    private static final Pattern NEGATION = Pattern.compile(
            "\\b(?:don'?t|do not|never|not|no|nunca|ne|pas|jamais|nicht|kein|keine|nie)\\s+(?:[\\w']+\\s+)?$");
    /** How people ask for a channel, {@code {names}} standing for the channel's words. */
    private static final List<String> ASKING = List.of(
            "\\bsend (?:me )?(?:a |an )?{names}\\b",
            "\\b(?:by|via|over|per|por|par) {names}\\b",
            "\\b(?:escribeme|enviame|mandame) (?:un |por )?{names}\\b",
            "\\b(?:envoyez|envoie|ecrivez|ecris)[- ]moi (?:un |par )?{names}\\b",
            "\\b(?:schreib|schreiben sie|schick|schicken sie) mir (?:eine |per )?{names}\\b");
    /**
     * How people refuse a channel where the negation sits inside the request ("no me mandes SMS",
     * "ne m'envoyez plus de SMS", "schicken Sie mir keine SMS mehr"); English puts it before, which
     * {@link #NEGATION} hears.
     */
    private static final List<String> REFUSING = List.of(
            "\\bno me (?:escribas|escriban|envies|envien|mandes|manden) (?:mas )?(?:un |una |por |mas )?{names}(?:s|es)?\\b",
            "\\bne m'?(?:envoyez|envoie|ecrivez|ecris) (?:plus|pas|jamais)(?: de| d'| par)? ?{names}s?\\b",
            "\\b(?:schreib|schreiben sie|schick|schicken sie) mir (?:keine|nie|nicht mehr)(?: eine| per)? {names}(?:s|en)?\\b",
            "\\bkeine {names}(?:s|en)? mehr\\b");
    /** The channels the gateway ships with. */
    static final Map<String, CustomerProperties.StatedPreference> BUILT_IN = Map.of(
            "sms", new CustomerProperties.StatedPreference("(?:sms|text|texto|txt|mensaje de texto|textnachricht)",
                    List.of("\\b(?:text|sms|txt) me\\b")),
            "email", new CustomerProperties.StatedPreference("(?:e-?mail|correo(?: electronico)?|courriel|mail)",
                    List.of("\\be-?mail me\\b")));

    /** A way of asking for a channel, or with {@code refusing} of refusing it outright. */
    record Phrase(String channel, Pattern pattern, boolean refusing) {
        Phrase(String channel, Pattern pattern) {
            this(channel, pattern, false);
        }
    }

    /** A channel the customer asked not to be written on, in their words ("don't text me"). */
    record Refusal(String channel, String words) {
    }

    private final CustomerDirectory customers;
    private final Consent consent;
    private final List<Phrase> phrases;

    StatedPreferences(CustomerDirectory customers, Consent consent, CustomerProperties properties) {
        this.customers = customers;
        this.consent = consent;
        this.phrases = phrases(properties.statedPreferences());
    }

    /**
     * The phrases for the built-in channels and those declared in {@code declared} (which win); of each
     * channel, the outright refusals first, so that a refusal's words are the whole of it ("ne m'ecrivez
     * pas par courriel", not the "pas par courriel" a negated request would hear).
     */
    static List<Phrase> phrases(Map<String, CustomerProperties.StatedPreference> declared) {
        var channels = new TreeMap<>(BUILT_IN);
        channels.putAll(declared);
        var phrases = new ArrayList<Phrase>();
        channels.forEach((channel, words) -> {
            boolean named = words.names() != null && !words.names().isBlank();
            String names = named ? "(?:" + words.names() + ")" : null;
            if (named) {
                REFUSING.forEach(refusing -> phrases.add(new Phrase(channel,
                        Pattern.compile(refusing.replace("{names}", names)), true)));
            }
            words.phrases().forEach(own -> phrases.add(new Phrase(channel, Pattern.compile(own))));
            if (named) {
                ASKING.forEach(asking -> phrases.add(new Phrase(channel, Pattern.compile(asking.replace("{names}", names)))));
            }
        });
        return List.copyOf(phrases);
    }

    /** The channel {@code text} asks to be answered on, if it asks. */
    Optional<String> requested(String text) {
        return requested(phrases, text);
    }

    /** The channels {@code text} asks not to be written on, with the words of each refusal. */
    static List<Refusal> refused(List<Phrase> phrases, String text) {
        String normalized = normalize(text);
        var refusals = new ArrayList<Refusal>();
        for (Phrase phrase : phrases) {
            Matcher m = phrase.pattern().matcher(normalized);
            while (m.find()) {
                if (refusals.stream().anyMatch(r -> r.channel().equals(phrase.channel()))) {
                    break;
                }
                Matcher negation = NEGATION.matcher(normalized.substring(0, m.start()));
                if (phrase.refusing()) {
                    refusals.add(new Refusal(phrase.channel(), m.group()));
                } else if (negation.find()) {
                    refusals.add(new Refusal(phrase.channel(), normalized.substring(negation.start(), m.end())));
                }
            }
        }
        return refusals;
    }

    private static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    static Optional<String> requested(List<Phrase> phrases, String text) {
        String normalized = normalize(text);
        String found = null;
        int at = -1;
        for (Phrase phrase : phrases) {
            if (phrase.refusing()) {
                continue;
            }
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

    /** Records a preference, or a refusal, the customer stated in a newly recorded message. */
    public void detect(String customerId, String text) {
        for (Refusal refusal : refused(phrases, text == null ? "" : text)) {
            Customer customer = customers.require(customerId);
            if (customer.isMerged() || customer.unverified() != null) {
                // a sender the channel could not vouch for may not withdraw the consent of the address's owner
                break;
            }
            customer.addresses().stream().filter(a -> a.channel().equals(refusal.channel())).forEach(address -> {
                consent.record(customerId, address, ConsentRecord.NOTIFICATIONS, false, "customer", refusal.words(),
                        "customer");
                consent.record(customerId, address, ConsentRecord.MARKETING, false, "customer", refusal.words(),
                        "customer");
            });
            log.info("customer {} asked not to be written to on {}", customerId, refusal.channel());
        }
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
