package io.switchboard.routing;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.responder.PersonalData;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The note a person finds when a conversation reaches them, so they never ask for what the customer
 * already said: the goal, a short summary, the facts collected on every channel (order numbers,
 * dates, amounts, products), what the AI already tried, the customer's mood, and why a person
 * answers. Everything the customer wrote passes through {@link PersonalData} first: the note holds
 * no card number, e-mail address or phone number in clear.
 */
@Component
public class HandoffNotes {

    public static final String KIND = "handoff";

    private static final int GOAL_CHARS = 200;
    private static final int SUMMARY_MESSAGES = 4;
    private static final int MESSAGE_CHARS = 160;

    private static final Pattern ORDER = Pattern.compile(
            "(?i)\\b(?:order|bestellung|pedido|commande|ord)(?:\\s*(?:no\\.?|number|nr\\.?|n[uú]mero|num[ée]ro|#|id))?"
                    + "\\s*[:#]?\\s*([A-Z]{0,4}-?\\d[A-Z0-9-]{3,19})\\b|#([A-Z]{0,4}-?\\d[A-Z0-9-]{3,19})\\b");
    private static final Pattern DATE = Pattern.compile("(?i)\\b(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}"
            + "|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:\\s+\\d{4})?"
            + "|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?"
            + "|(?:yesterday|today|last\\s+(?:week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)))\\b");
    private static final Pattern AMOUNT = Pattern.compile(
            "(?i)(?:[€$£]\\s?\\d+(?:[.,]\\d{1,2})?|\\b\\d+(?:[.,]\\d{1,2})?\\s?(?:eur|euros?|usd|dollars?|gbp|pounds?|chf)\\b)");

    private final PersonalData personalData;
    private final RoutingProperties properties;

    HandoffNotes(PersonalData personalData, RoutingProperties properties) {
        this.personalData = personalData;
        this.properties = properties;
    }

    /** The facts a note lists, found in what the customer wrote. */
    public record Facts(Set<String> orders, Set<String> dates, Set<String> amounts, Set<String> products) {

        boolean isEmpty() {
            return orders.isEmpty() && dates.isEmpty() && amounts.isEmpty() && products.isEmpty();
        }
    }

    /**
     * Writes the note for a conversation about to go to a person.
     *
     * @param intent    the intent the classifier saw, or null
     * @param sentiment the customer's mood in a few words (see {@link HumanRules#mood})
     * @param reason    why a person answers, in an agent's words
     */
    public String write(Conversation conversation, String intent, String sentiment, String reason) {
        List<Turn> customer = conversation.visibleTurns().stream().filter(t -> t.author() == Author.CUSTOMER).toList();
        var note = new StringBuilder("Handoff note\n");
        String goal = customer.isEmpty() ? "(no message yet)" : clip(masked(customer.get(0).text()), GOAL_CHARS);
        note.append("Goal: ").append(goal);
        if (intent != null) {
            note.append(" (intent: ").append(intent).append(')');
        }
        note.append('\n');
        note.append("Summary: ").append(summary(conversation, customer)).append('\n');
        Facts facts = facts(conversation);
        note.append("Facts: ").append(facts.isEmpty() ? "none found" : describe(facts)).append('\n');
        note.append("AI tried: ").append(tried(conversation)).append('\n');
        note.append("Sentiment: ").append(sentiment).append('\n');
        note.append("Why a person: ").append(reason);
        return note.toString();
    }

    /** Order numbers, dates, amounts and products the customer gave, on any channel, oldest first. */
    public Facts facts(Conversation conversation) {
        var orders = new LinkedHashSet<String>();
        var dates = new LinkedHashSet<String>();
        var amounts = new LinkedHashSet<String>();
        var products = new LinkedHashSet<String>();
        var texts = new ArrayList<String>();
        if (!conversation.summary().isBlank()) {
            texts.add(conversation.summary());
        }
        conversation.visibleTurns().stream().filter(t -> t.author() == Author.CUSTOMER).map(Turn::text)
                .forEach(texts::add);
        for (String raw : texts) {
            String text = masked(raw);
            Matcher order = ORDER.matcher(text);
            while (order.find()) {
                orders.add((order.group(1) != null ? order.group(1) : order.group(2)).toUpperCase(Locale.ROOT));
            }
            DATE.matcher(text).results().map(r -> r.group().strip()).forEach(dates::add);
            AMOUNT.matcher(text).results().map(r -> r.group().strip()).forEach(amounts::add);
            String lower = text.toLowerCase(Locale.ROOT);
            properties.products().stream().filter(p -> lower.contains(p.toLowerCase(Locale.ROOT))).forEach(products::add);
        }
        return new Facts(orders, dates, amounts, products);
    }

    private String summary(Conversation conversation, List<Turn> customer) {
        var parts = new ArrayList<String>();
        if (conversation.summarizedTurns() > 0) {
            parts.add(conversation.summarizedTurns() + " earlier turns summarised in the conversation");
        }
        int from = Math.max(0, customer.size() - SUMMARY_MESSAGES);
        for (Turn t : customer.subList(from, customer.size())) {
            parts.add("on " + t.channel() + ": \"" + clip(masked(t.text()), MESSAGE_CHARS) + "\"");
        }
        String channels = String.join(", ", conversation.channels());
        return customer.size() + " message(s) from the customer" + (channels.isEmpty() ? "" : " via " + channels)
                + (parts.isEmpty() ? "" : "; " + String.join("; ", parts));
    }

    private static String tried(Conversation conversation) {
        List<String> tries = conversation.visibleTurns().stream().filter(t -> t.author() == Author.AI)
                .map(t -> t.metadata().getOrDefault("article", "an answer"))
                .map(a -> "answered from " + a).collect(Collectors.toList());
        long drafts = conversation.turns().stream()
                .filter(t -> t.author() == Author.AI && ConversationMemory.DRAFT_KIND.equals(t.metadata().get("kind"))).count();
        if (drafts > 0) {
            tries.add(drafts + " draft(s) for an agent");
        }
        return tries.isEmpty() ? "nothing yet" : String.join("; ", tries);
    }

    private static String describe(Facts facts) {
        var parts = new ArrayList<String>();
        if (!facts.orders().isEmpty()) {
            parts.add("order " + String.join(", ", facts.orders()));
        }
        if (!facts.dates().isEmpty()) {
            parts.add("dates " + String.join(", ", facts.dates()));
        }
        if (!facts.amounts().isEmpty()) {
            parts.add("amounts " + String.join(", ", facts.amounts()));
        }
        if (!facts.products().isEmpty()) {
            parts.add("products " + String.join(", ", facts.products()));
        }
        return String.join("; ", parts);
    }

    private String masked(String text) {
        return personalData.mask(text == null ? "" : text).replaceAll("\\s+", " ").strip();
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1).strip() + "…";
    }
}
