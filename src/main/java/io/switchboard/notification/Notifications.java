package io.switchboard.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.customer.Address;
import io.switchboard.customer.Consent;
import io.switchboard.customer.ConsentRecord;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.delivery.ChannelCapabilities;
import io.switchboard.delivery.ChannelCatalog;
import io.switchboard.delivery.Reply;
import io.switchboard.delivery.ReplyTargets;
import io.switchboard.envelope.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Messages the company starts. A notification goes to the customer on the first of their channels,
 * chosen as a reply's is ({@link ReplyTargets#forCompanyMessage}: preference, last channel, fallback
 * order, opt-outs, reachability), that has a template for it, may write first, and carries the
 * customer's consent for its purpose;
 * outside the customer's quiet hours (their phone number's time zone), not before {@code notBefore},
 * and never after {@code expiresAt}. It goes through the {@code reply} route as a turn of the
 * customer's conversation (a new one when theirs is resolved), whose id is the notification's: a
 * request sent again with the same idempotency key returns what the first did and sends nothing more,
 * and two members releasing it at once record and send it once.
 */
@Service("notifications")
public class Notifications {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
    private static final int MAX_VARIABLE = 500;

    private final NotificationRows rows;
    private final NotificationProperties properties;
    private final CustomerDirectory customers;
    private final Consent consent;
    private final ChannelCatalog channels;
    private final ReplyTargets replies;
    private final ConversationMemory memory;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;

    Notifications(NotificationRows rows, NotificationProperties properties, CustomerDirectory customers, Consent consent,
                  ChannelCatalog channels, ReplyTargets replies, ConversationMemory memory, ProducerTemplate producer,
                  ObjectMapper json, Clock clock) {
        this.json = json;
        this.replies = replies;
        this.rows = rows;
        this.properties = properties;
        this.customers = customers;
        this.consent = consent;
        this.channels = channels;
        this.memory = memory;
        this.producer = producer;
        this.clock = clock;
    }

    /**
     * What a caller asks for.
     *
     * @param customerId     the customer, or null and {@code address}
     * @param address        an address ({@code channel:value}); a customer is made for a new one
     * @param variables      what fills the template's {@code {{name}}} places (text only)
     * @param purpose        {@code notifications} (default), {@code marketing} or {@code service}
     * @param language       the template's language; null: the default
     * @param timeZone       the customer's time zone as the caller's records have it (an IANA id such as
     *                       {@code Europe/Madrid}); null: their phone number's, else the default
     */
    public record Request(String customerId, String address, String template, Map<String, String> variables,
                         String purpose, String language, String idempotencyKey, Instant notBefore,
                         Instant expiresAt, String timeZone) {

        /** The time zone asked for; a name that is none is refused. */
        Optional<ZoneId> zone() {
            if (timeZone == null || timeZone.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(ZoneId.of(timeZone.strip()));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("timeZone " + timeZone + " is no time zone (say Europe/Madrid)");
            }
        }
    }

    /** The notification, and whether an earlier request with the same key made it. */
    public record Result(Notification notification, boolean repeated) {
    }

    public Result submit(Request request, String caller) {
        Optional<Notification> earlier = rows.find(idOf(request, caller));
        if (earlier.isPresent()) {
            return new Result(earlier.get(), true);
        }
        return submit(plan(request, caller));
    }

    /** The id of the notification a request makes: the same for the same caller and idempotency key. */
    static String idOf(Request request, String caller) {
        return UUID.nameUUIDFromBytes((caller + "\n" + request.idempotencyKey()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * What the request would become, not kept yet: the customer, the channel and address, the text, when
     * it is due, or why it is skipped or expired. Bad requests are refused with
     * {@link IllegalArgumentException}.
     */
    Notification plan(Request request, String caller) {
        String id = idOf(request, caller);
        String purpose = ConsentRecord.purpose(request.purpose());
        if (!properties.templates().containsKey(request.template())) {
            throw new IllegalArgumentException("no template " + request.template() + " (switchboard.notifications.templates)");
        }
        if (request.notBefore() != null && request.expiresAt() != null
                && !request.notBefore().isBefore(request.expiresAt())) {
            throw new IllegalArgumentException("not-before is after expires-at");
        }
        Instant now = clock.instant();
        Optional<ZoneId> asked = request.zone();
        Customer customer = customer(request, now);

        Map<String, String> variables = request.variables() == null ? Map.of() : request.variables();
        Function<String, String> textOn = channel -> properties.template(request.template(), channel,
                request.language()).map(template -> render(template, variables)).orElse(null);
        Function<String, Notification.ProviderTemplate> providerOn = channel -> properties.providerTemplate(
                request.template(), channel, request.language()).map(t -> filled(t, variables)).orElse(null);
        Address chosen = replies.forCompanyMessage(customer,
                address -> refusal(address, purpose, providerOn.apply(address.channel())) == null, textOn,
                channel -> metadata(providerOn.apply(channel))).orElse(null);
        String text = chosen == null ? null : textOn.apply(chosen.channel());
        if (chosen == null) {
            var refusals = new ArrayList<String>();
            for (Address address : customer.addresses()) {
                String why = textOn.apply(address.channel()) == null ? "has no template for it"
                        : Optional.ofNullable(refusal(address, purpose, providerOn.apply(address.channel())))
                        .orElse("cannot be reached now");
                refusals.add(address.channel() + " " + why);
            }
            return new Notification(id, request.idempotencyKey(), caller, customer.id(), request.template(),
                    purpose, null, null, null, null, request.expiresAt(), Notification.State.SKIPPED,
                    "no channel may carry it: " + (refusals.isEmpty() ? "the customer has no address"
                            : String.join("; ", refusals)), null, now, now, null);
        }
        Instant due = outsideQuietHours(request.notBefore() == null || request.notBefore().isBefore(now) ? now
                : request.notBefore(), asked.orElseGet(() -> zone(customer, chosen)));
        boolean expired = request.expiresAt() != null && !due.isBefore(request.expiresAt());
        return new Notification(id, request.idempotencyKey(), caller, customer.id(), request.template(),
                purpose, chosen.channel(), chosen.toString(), text, due, request.expiresAt(),
                expired ? Notification.State.EXPIRED : Notification.State.SCHEDULED,
                expired ? "its time (" + due + ") comes after it expires" : due.isAfter(now) ? "waits until " + due
                        : null, null, now, now, providerOn.apply(chosen.channel()));
    }

    /** Keeps a planned notification (unless one with its id is kept) and sends it when it is due now. */
    Result submit(Notification planned) {
        Notification kept = rows.insert(planned);
        if (kept != planned) {
            return new Result(kept, true);
        }
        log.info("notification {} for customer {}: {} on {}{}", kept.id(), kept.customerId(),
                kept.state().name().toLowerCase(Locale.ROOT), kept.channel(),
                kept.reason() == null ? "" : " (" + kept.reason() + ")");
        if (kept.state() == Notification.State.SCHEDULED && !kept.dueAt().isAfter(clock.instant())) {
            kept = release(kept.id());
        }
        return new Result(kept, false);
    }

    public Optional<Notification> find(String id) {
        return rows.find(id);
    }

    /** Per purpose, how many of the notifications asked for since {@code from} are in each state. */
    public Map<String, Map<String, Long>> countsSince(Instant from) {
        return rows.countsSince(from);
    }

    /**
     * Sends the notifications whose time has come; run by one member (route {@code notifications-due}).
     * One that cannot be sent is skipped with the reason, so it never holds up the others.
     */
    public int releaseDue() {
        int released = 0;
        for (String id : rows.due(clock.instant(), 100)) {
            try {
                release(id);
                released++;
            } catch (RuntimeException e) {
                log.warn("notification {} could not be sent: {}", id, e.toString());
                rows.find(id).ifPresent(n -> moved(n, n.with(Notification.State.SKIPPED, "could not be sent: "
                        + e.getMessage(), n.conversationId(), clock.instant())));
            }
        }
        return released;
    }

    /**
     * Sends a scheduled notification now: expired ones and ones whose consent was withdrawn meanwhile are
     * not sent, with the reason. Safe to run twice at once (the turn and its outbox entry have the
     * notification's id).
     */
    Notification release(String id) {
        Notification n = rows.find(id).orElseThrow();
        if (n.state() != Notification.State.SCHEDULED) {
            return n;
        }
        Instant now = clock.instant();
        if (n.expiresAt() != null && !now.isBefore(n.expiresAt())) {
            return moved(n, n.with(Notification.State.EXPIRED, "expired before it could go out", null, now));
        }
        Address address = customers.addresses().parse(n.address());
        if (!consent.allows(address, n.purpose())) {
            return moved(n, n.with(Notification.State.SKIPPED, "no consent for " + n.purpose() + " any more", null, now));
        }
        String conversation = memory.noticeConversation(n.customerId(), n.id());
        try {
            var metadata = new HashMap<>(metadata(n.providerTemplate()));
            metadata.putAll(Map.of("kind", "notification", "notification", n.id(), "purpose", n.purpose(),
                    "template", n.template()));
            producer.requestBody("direct:reply", new Reply(conversation, Reply.Kind.NOTICE, Author.SYSTEM, "notifications",
                    n.text(), n.channel(), Set.of(), metadata, n.id()));
        } catch (CamelExecutionException refused) {
            Throwable why = refused.getCause() == null ? refused : refused.getCause();
            log.info("notification {} not sent: {}", id, why.getMessage());
            return moved(n, n.with(Notification.State.SKIPPED, why.getMessage(), conversation, now));
        }
        log.info("notification {} sent on {} in conversation {}", id, n.channel(), conversation);
        return moved(n, n.with(Notification.State.SENT, null, conversation, now));
    }

    private Notification moved(Notification from, Notification next) {
        return rows.move(from.state(), next) ? next : rows.find(from.id()).orElse(next);
    }

    private Customer customer(Request request, Instant now) {
        if (request.customerId() != null) {
            Customer customer = customers.require(request.customerId());
            if (customer.isMerged()) {
                return customers.require(customer.mergedInto());
            }
            return customer;
        }
        if (request.address() == null) {
            throw new IllegalArgumentException("a notification goes to a customerId or an address");
        }
        Address address = customers.addresses().parse(request.address());
        return customers.findByAddress(address).orElseGet(() -> customers.require(customers.resolve(address, now)));
    }

    /**
     * Why this address may not carry a message the company starts for this purpose, beyond what any reply
     * needs (the reply route's channel choice checks that); null when it may. A channel that may start a
     * conversation only with an approved template needs the notification's own ({@code provider}).
     */
    private String refusal(Address address, String purpose, Notification.ProviderTemplate provider) {
        String channel = address.channel();
        if (channels.isSession(channel)) {
            return "reaches the customer only while they are connected";
        }
        var writesFirst = channels.capabilities(channel).writesFirst();
        if (writesFirst == ChannelCapabilities.WritesFirst.TEMPLATE_OUTSIDE_WINDOW && provider == null) {
            return "may write first only with an approved template, and none is configured for this one "
                    + "(switchboard.notifications.provider-templates)";
        }
        if (writesFirst != ChannelCapabilities.WritesFirst.ANY_TIME
                && writesFirst != ChannelCapabilities.WritesFirst.TEMPLATE_OUTSIDE_WINDOW) {
            return "may not write first (" + writesFirst.name().toLowerCase(Locale.ROOT) + ")";
        }
        if (!consent.allows(address, purpose)) {
            return "has no consent for " + purpose;
        }
        return null;
    }

    /** The provider's template with its variables filled from the notification's. */
    private Notification.ProviderTemplate filled(NotificationProperties.ProviderTemplate template,
                                                 Map<String, String> variables) {
        var values = new TreeMap<String, String>();
        template.variables().forEach((name, text) -> values.put(name, render(text, variables)));
        try {
            return new Notification.ProviderTemplate(template.id(), json.writeValueAsString(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the outbound message carries so that its channel sends the provider's template. */
    private static Map<String, String> metadata(Notification.ProviderTemplate template) {
        return template == null ? Map.of() : Map.of(Envelope.PROVIDER_TEMPLATE, template.id(),
                Envelope.PROVIDER_TEMPLATE_VARIABLES, template.variables());
    }

    /** The template with each {@code {{name}}} replaced by its variable, as text. */
    static String render(String template, Map<String, String> variables) {
        Matcher m = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("the template needs the variable " + m.group(1));
            }
            String clean = value.replaceAll("[\\p{Cntrl}&&[^\\n]]", "").strip();
            if (clean.length() > MAX_VARIABLE) {
                throw new IllegalArgumentException("variable " + m.group(1) + " is longer than " + MAX_VARIABLE);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(clean));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code at}, or the end of the quiet hours it falls in, in the zone. */
    Instant outsideQuietHours(Instant at, ZoneId zone) {
        return outsideQuietHours(at, zone, properties.quietStart(), properties.quietEnd());
    }

    static Instant outsideQuietHours(Instant at, ZoneId zone, LocalTime start, LocalTime end) {
        if (start.equals(end)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean overnight = start.isAfter(end);
        boolean quiet = overnight ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return at;
        }
        ZonedDateTime ends = local.with(end);
        if (overnight && !time.isBefore(start)) {
            ends = ends.plusDays(1);
        }
        return ends.toInstant();
    }

    /**
     * The customer's time zone when the caller did not say: their phone number's (the chosen address's,
     * else another), else the default.
     */
    private ZoneId zone(Customer customer, Address chosen) {
        var phones = new ArrayList<Address>();
        phones.add(chosen);
        phones.addAll(customer.addresses());
        for (Address address : phones) {
            if (!customers.addresses().isPhoneChannel(address.channel())) {
                continue;
            }
            try {
                var number = PhoneNumberUtil.getInstance().parse(address.value(), null);
                for (String zone : PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number)) {
                    if (!PhoneNumberToTimeZonesMapper.getUnknownTimeZone().equals(zone)) {
                        return ZoneId.of(zone);
                    }
                }
            } catch (NumberParseException | DateTimeException unknown) {
                // the next address, else the default
            }
        }
        return properties.defaultZone();
    }
}
