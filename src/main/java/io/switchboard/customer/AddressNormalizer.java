package io.switchboard.customer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import java.net.IDN;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns what a provider or a customer wrote into a canonical {@link Address}: e-mail addresses
 * lower-cased (domain in its ASCII form), phone numbers in E.164 (libphonenumber, with the
 * configured default region for national numbers), other channels' ids trimmed.
 */
@Component
public class AddressNormalizer {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultRegion;
    private final Set<String> phoneChannels;

    public AddressNormalizer(CustomerProperties properties) {
        this.defaultRegion = properties.defaultRegion();
        // in the configured order: the first is the channel of a number typed without one
        this.phoneChannels = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(properties.phoneChannels()));
    }

    /** Normalises {@code raw} as an address on {@code channel}; throws {@link InvalidAddressException}. */
    public Address normalize(String channel, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidAddressException("empty address on channel " + channel);
        }
        String value = raw.strip();
        if ("email".equals(channel)) {
            return new Address(channel, email(value));
        }
        if (phoneChannels.contains(channel)) {
            return new Address(channel, phone(value));
        }
        try {
            return new Address(channel, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException(e.getMessage());
        }
    }

    /** Parses {@code channel:value}, normalising the value. */
    public Address parse(String channelAndValue) {
        int colon = channelAndValue == null ? -1 : channelAndValue.indexOf(':');
        if (colon <= 0) {
            throw new InvalidAddressException("an address is written channel:value, e.g. email:alice@example.com");
        }
        return normalize(channelAndValue.substring(0, colon), channelAndValue.substring(colon + 1));
    }

    /**
     * Reads an address a customer typed without saying the channel: an e-mail address, else a
     * phone number for the first phone channel.
     */
    public Address guess(String typed) {
        if (typed != null && typed.contains("@")) {
            return normalize("email", typed);
        }
        return normalize(phoneChannels.iterator().next(), typed);
    }

    /** The region (ISO 3166) a phone address's number belongs to; null for other addresses or an unknown one. */
    public String regionOf(Address address) {
        if (!phoneChannels.contains(address.channel())) {
            return null;
        }
        try {
            return PHONES.getRegionCodeForNumber(PHONES.parse(address.value(), defaultRegion));
        } catch (NumberParseException e) {
            return null;
        }
    }

    public boolean isPhoneChannel(String channel) {
        return phoneChannels.contains(channel);
    }

    private static String email(String value) {
        String address = value;
        int open = value.lastIndexOf('<');
        if (open >= 0 && value.endsWith(">")) {
            address = value.substring(open + 1, value.length() - 1).strip();
        }
        if (address.regionMatches(true, 0, "mailto:", 0, 7)) {
            address = address.substring(7);
        }
        if (!EMAIL.matcher(address).matches()) {
            throw new InvalidAddressException("not an e-mail address");
        }
        int at = address.lastIndexOf('@');
        String domain;
        try {
            domain = IDN.toASCII(address.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException("not an e-mail domain");
        }
        if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".") || !domain.contains(".")) {
            throw new InvalidAddressException("not an e-mail domain");
        }
        return (address.substring(0, at) + "@" + domain).toLowerCase(Locale.ROOT);
    }

    private String phone(String value) {
        try {
            var number = PHONES.parse(value, defaultRegion);
            // possible, not valid: number plans change faster than any library's metadata
            if (!PHONES.isPossibleNumber(number)) {
                throw new InvalidAddressException("not a possible phone number");
            }
            return PHONES.format(number, PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new InvalidAddressException("not a phone number: " + e.getErrorType());
        }
    }
}
