package io.switchboard.inbox;

import io.switchboard.delivery.ChannelCatalog;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.ConversationSummary;
import io.switchboard.conversation.Turn;
import io.switchboard.customer.Address;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Builds what the inbox page shows: conversation lines, the conversation in full, the queues. */
@Component
class InboxViews {

    private static final int PREVIEW_CHARS = 120;
    private static final String HANDOFF_KIND = "handoff";
    /** The goal line of a handoff note, without the intent the classifier saw. */
    private static final Pattern GOAL = Pattern.compile("(?m)^Goal: (.*?)(?: \\(intent: [^)]*\\))?$");
    private static final Set<String> NOTE_KINDS = Set.of("handoff", "handoff-note", "summary");

    private final ConversationMemory memory;
    private final ConversationListing listing;
    private final CustomerDirectory customers;
    private final QueueDirectory queues;
    private final WaitingList waiting;
    private final ReadMarks marks;
    private final HandoffRatings ratings;
    private final AiDrafts drafts;
    private final CsatSurveys csat;
    private final ChannelCatalog channels;
    private final InboxProperties properties;
    private final Clock clock;

    InboxViews(ConversationMemory memory, ConversationListing listing, CustomerDirectory customers, QueueDirectory queues, WaitingList waiting,
               ReadMarks marks, AiDrafts drafts, CsatSurveys csat, ChannelCatalog channels, InboxProperties properties,
               HandoffRatings ratings, Clock clock) {
        this.ratings = ratings;
        this.memory = memory;
        this.listing = listing;
        this.customers = customers;
        this.queues = queues;
        this.waiting = waiting;
        this.marks = marks;
        this.drafts = drafts;
        this.csat = csat;
        this.channels = channels;
        this.properties = properties;
        this.clock = clock;
    }

    /** One line of the conversation list; {@code preview} is customer text, shown as text only. */
    record Item(String id, String customerId, String customer, ConversationStatus status, String queue, String assignee,
                String channel, Instant waitingSince, String slaState, int priority, long unread, Instant updatedAt,
                String preview, String unverified, String intent) {
    }

    record QueueView(String name, String displayName, boolean open, Instant nextOpening, long slaSeconds, int waiting,
                     List<Item> items) {
    }

    /** A queue by name, for transfers (to any queue, also one the agent does not belong to). */
    record QueueName(String name, String displayName) {
    }

    record Inbox(List<Item> mine, List<QueueView> queues, List<QueueName> allQueues) {
    }

    Inbox inbox(InboxAccess.Viewer viewer) {
        List<Item> mine = listing.list(new ConversationListing.Scope(Set.of(ConversationStatus.ASSIGNED,
                        ConversationStatus.WAITING_FOR_CUSTOMER, ConversationStatus.OPEN), List.of(), viewer.username(), false),
                200, 0).stream().map(s -> item(s, viewer)).flatMap(Optional::stream).toList();
        var views = new ArrayList<QueueView>();
        Instant now = clock.instant();
        for (QueueDefinition q : queues.all()) {
            if (!viewer.seesQueue(q.name())) {
                continue;
            }
            List<WaitingEntry> entries = waiting.inOrder(Set.of(q.name()));
            List<Item> items = entries.stream().limit(200)
                    .map(e -> memory.find(e.conversationId()).map(c -> item(c, viewer))).flatMap(Optional::stream)
                    .filter(i -> i.status() == ConversationStatus.QUEUED).toList();
            views.add(new QueueView(q.name(), q.displayName(), q.hours().isOpen(now),
                    q.hours().nextOpening(now).orElse(null), q.sla().toSeconds(), entries.size(), items));
        }
        return new Inbox(mine, views, queues.all().stream().map(q -> new QueueName(q.name(), q.displayName())).toList());
    }

    private Optional<Item> item(ConversationSummary s, InboxAccess.Viewer viewer) {
        return memory.find(s.id()).map(c -> item(c, viewer));
    }

    Item item(Conversation c, InboxAccess.Viewer viewer) {
        Optional<ConversationView.Waiting> w = waiting(c);
        String preview = preview(c);
        return new Item(c.id(), c.customerId(), customerLabel(c.customerId()), c.status(), c.queue(), c.assignee(),
                Assignments.channelOf(c), w.map(ConversationView.Waiting::since).orElse(c.lastCustomerAt()),
                w.map(ConversationView.Waiting::slaState).orElse(null),
                w.map(ConversationView.Waiting::priority).orElse(0), marks.unread(viewer.username(), c),
                c.updatedAt(), preview.length() > PREVIEW_CHARS ? preview.substring(0, PREVIEW_CHARS) + "…" : preview,
                customers.find(c.customerId()).map(Customer::unverified).orElse(null), ConversationFacts.intentOf(c).orElse(null));
    }

    /**
     * What the list shows of a conversation: the customer's last words, or the goal of a handoff note
     * written after them (the customer's first request, as the note put it), never the gateway's own
     * notices or replies.
     */
    static String preview(Conversation c) {
        List<Turn> turns = c.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (t.movedTo() != null) {
                continue;
            }
            if (t.author() == Author.CUSTOMER && !t.internal()) {
                return t.text() == null ? "" : t.text();
            }
            if (t.internal() && HANDOFF_KIND.equals(t.metadata().get("kind")) && t.text() != null) {
                Matcher goal = GOAL.matcher(t.text());
                if (goal.find()) {
                    return goal.group(1).strip();
                }
            }
        }
        return "";
    }

    ConversationView detail(Conversation c, InboxAccess.Viewer viewer) {
        Customer customer = customers.find(c.customerId()).orElse(null);
        List<Turn> turns = c.turns().stream().map(InboxViews::withSafeHtml).toList();
        List<Turn> notes = turns.stream().filter(t -> t.internal() && (t.author() == Author.AI || t.author() == Author.SYSTEM)
                && !AiDrafts.DRAFT_KIND.equals(t.metadata().get("kind"))
                && (NOTE_KINDS.contains(t.metadata().getOrDefault("kind", "")) || t.author() == Author.AI)).toList();
        List<String> replyChannels = customer == null ? List.of() : replyChannels(customer);
        var inbox = new ConversationView.Inbox(waiting(c).orElse(null), drafts.pending(c).orElse(null), notes,
                csat.forConversation(c.id()), replyChannels, replyLimits(replyChannels),
                customer == null ? null : customer.preferredChannel(), marks.unread(viewer.username(), c),
                notes.isEmpty() ? Set.of() : ratings.rated(c.id()));
        return ConversationView.of(c, turns, customer == null ? null : customer.unverified(), inbox);
    }

    /** The conversation as it is, without what only the inbox page needs. */
    ConversationView plain(Conversation c) {
        return ConversationView.of(c, c.turns(), customers.find(c.customerId()).map(Customer::unverified).orElse(null),
                null);
    }

    /** The longest reply each of {@code replyChannels} carries, for those that carry only so much in one. */
    private Map<String, Integer> replyLimits(List<String> replyChannels) {
        var limits = new LinkedHashMap<String, Integer>();
        for (String channel : replyChannels) {
            int max = channels.capabilities(channel).maxTextLength();
            if (max > 0 && !channels.splits(channel)) {
                limits.put(channel, max);
            }
        }
        return limits;
    }

    /** Channels a reply can go out on, the customer's preferred one first. */
    List<String> replyChannels(Customer customer) {
        var result = new LinkedHashSet<String>();
        customer.replyChannel().ifPresent(result::add);
        customer.addresses().stream().map(Address::channel).forEach(result::add);
        return result.stream().filter(channels::canSend).filter(ch -> customer.addresses().stream()
                .anyMatch(a -> a.channel().equals(ch) && !customer.isOptedOut(a) && channels.unreachable(a).isEmpty()))
                .toList();
    }

    Optional<ConversationView.Waiting> waiting(Conversation c) {
        if (c.status() != ConversationStatus.QUEUED || c.assignee() != null) {
            return Optional.empty();
        }
        return waiting.find(c.id()).flatMap(e -> queues.find(e.queue()).map(q -> {
            Instant now = clock.instant();
            Duration waited = q.hours().openTimeBetween(e.enqueuedAt(), now);
            return new ConversationView.Waiting(q.name(), e.enqueuedAt(), e.priority(), waited.toSeconds(),
                    q.sla().toSeconds(), slaState(waited, q.sla(), e), e.escalatedAt(), q.hours().isOpen(now),
                    q.hours().nextOpening(now).orElse(null));
        }));
    }

    private String slaState(Duration waited, Duration sla, WaitingEntry entry) {
        if (entry.escalatedAt() != null || waited.compareTo(sla) > 0) {
            return "breached";
        }
        return waited.toMillis() >= sla.toMillis() * properties.slaWarning() ? "at-risk" : "ok";
    }

    String customerLabel(String customerId) {
        return customers.find(customerId).map(c -> {
            if (c.displayName() != null && !c.displayName().isBlank()) {
                return c.displayName();
            }
            return c.addresses().stream().filter(a -> !channels.isSession(a.channel())).findFirst().map(Address::value)
                    .orElse("Chat visitor " + customerId.substring(0, Math.min(6, customerId.length())));
        }).orElse("Unknown customer");
    }

    static Turn withSafeHtml(Turn t) {
        String html = t.metadata().get("html");
        if (html == null) {
            return t;
        }
        var metadata = new HashMap<>(t.metadata());
        metadata.put("html", SafeHtml.clean(html));
        return new Turn(t.seq(), t.id(), t.at(), t.channel(), t.direction(), t.author(), t.authorName(), t.address(),
                t.text(), t.subject(), t.attachments(), t.providerMessageId(), t.delivery(), t.internal(), t.movedTo(),
                Map.copyOf(metadata));
    }
}
