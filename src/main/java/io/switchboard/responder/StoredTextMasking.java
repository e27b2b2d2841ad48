package io.switchboard.responder;

import io.switchboard.envelope.Envelope;
import io.switchboard.privacy.PrivacyProperties;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Keeps less: the categories of personal data named in {@code switchboard.privacy.masked-in-storage}
 * (card numbers, IBANs and identity numbers by default) are masked in a customer's message before its
 * turn is stored, with the trust layer's own {@link PersonalData} placeholders ({@code [card ****1234]}),
 * so the conversation memory, the database, the search index and the inbox only ever hold the masked
 * form. A mail's original keeps them until its retention window ends.
 */
@Component("storedTextMasking")
public class StoredTextMasking {

    private final PersonalData personalData;
    private final Set<String> categories;

    StoredTextMasking(PersonalData personalData, PrivacyProperties properties) {
        this.personalData = personalData;
        this.categories = Set.copyOf(properties.maskedInStorage());
        var known = new TreeSet<>(Set.of(PersonalData.CARD, PersonalData.IBAN, PersonalData.ID, PersonalData.EMAIL,
                PersonalData.PHONE));
        known.addAll(personalData.labels());
        categories.stream().filter(category -> !known.contains(category)).findFirst().ifPresent(category -> {
            throw new IllegalArgumentException("switchboard.privacy.masked-in-storage: no category '" + category
                    + "'; known: " + known);
        });
    }

    /** The message with its text and subject masked as configured. */
    public Envelope mask(Envelope message) {
        if (categories.isEmpty()) {
            return message;
        }
        String text = personalData.mask(message.text(), categories::contains);
        String subject = personalData.mask(message.subject(), categories::contains);
        return Objects.equals(text, message.text()) && Objects.equals(subject, message.subject()) ? message
                : message.withText(text).withSubject(subject);
    }
}
