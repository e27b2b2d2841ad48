package io.switchboard.inbox;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.CustomerTexts;
import io.switchboard.customer.CustomerDirectory;
import io.switchboard.delivery.NoReachableChannelException;
import io.switchboard.delivery.OutboundDispatcher;
import io.switchboard.system.AuditLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one-question satisfaction survey. When an agent resolves a conversation the customer is asked,
 * on the conversation's channel, for a score from 1 to 5 (buttons in the chat widget, a reply
 * elsewhere). The inbound route hands every message to {@link #isAnswer} first: a bare score from a
 * customer with a survey open is recorded here and never reopens the conversation.
 */
@Component("csatSurveys")
public class CsatSurveys {

    static final String PENDING = "inbox-csat-pending";
    static final String SURVEY_KIND = "csat-survey";
    private static final Logger log = LoggerFactory.getLogger(CsatSurveys.class);
    private static final Pattern SCORE = Pattern.compile("\\s*([1-5])\\s*(?:/\\s*5|of 5|out of 5)?\\s*[.!]*\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTE_HEADER = Pattern.compile("On .+ wrote:");

    private final IMap<String, Pending> pending;
    private final ConversationMemory memory;
    private final CustomerDirectory customers;
    private final OutboundDispatcher outbound;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final InboxProperties properties;
    private final CustomerTexts texts;
    private final Clock clock;

    CsatSurveys(HazelcastInstance hazelcast, ConversationMemory memory, CustomerDirectory customers,
                OutboundDispatcher outbound, JdbcTemplate jdbc, AuditLog audit, InboxProperties properties,
                CustomerTexts texts, Clock clock) {
        this.texts = texts;
        this.pending = hazelcast.getMap(PENDING);
        this.memory = memory;
        this.customers = customers;
        this.outbound = outbound;
        this.jdbc = jdbc;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** A survey sent to a customer, waiting for the answer. */
    public record Pending(String conversationId, String customerId, String channel, String queue, String agent,
                          Instant sentAt) {
    }

    /** A recorded answer. */
    public record Answer(String id, String conversationId, String customerId, String channel, String queue,
                         String agent, int score, Instant answeredAt) {
    }

    /** Asks the customer of a just-resolved conversation how it went, on the conversation's channel. */
    void afterResolution(Conversation resolved, String agent) {
        if (!properties.csat().enabled()) {
            return;
        }
        String channel = Assignments.channelOf(resolved);
        try {
            var sent = outbound.systemMessage(resolved.id(), texts.say(CustomerTexts.Text.CSAT_QUESTION,
                            resolved.language(), properties.csat().question()), channel,
                    Map.of("kind", SURVEY_KIND));
            pending.set(resolved.customerId(), new Pending(resolved.id(), resolved.customerId(),
                    sent.turn().channel(), resolved.queue(), agent, clock.instant()));
            log.info("satisfaction survey for conversation {} sent on {}", resolved.id(), sent.turn().channel());
        } catch (NoReachableChannelException e) {
            log.info("no satisfaction survey for conversation {}: no channel reaches the customer", resolved.id());
        }
    }

    /** True when the message is a score answering the sender's open survey. */
    public boolean isAnswer(@Body Envelope envelope, @Header(EnvelopeHeaders.CUSTOMER_ID) String customerId) {
        // a sender the channel could not vouch for has a profile of their own, with no survey open
        return open(customerId).isPresent() && score(envelope.text()).isPresent();
    }

    /** Records the score of a message {@link #isAnswer} accepted. */
    public void record(@Body Envelope envelope, @Header(EnvelopeHeaders.CUSTOMER_ID) String customerId) {
        Optional<Pending> open = open(customerId);
        Optional<Integer> score = score(envelope.text());
        if (open.isEmpty() || score.isEmpty() || pending.remove(open.get().customerId()) == null) {
            return;
        }
        Pending survey = open.get();
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                insert into csat_answer (id, conversation_id, customer_id, channel, queue_name, agent, score, answered_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", id, survey.conversationId(), survey.customerId(),
                envelope.channel(), survey.queue(), survey.agent(), score.get(), Timestamp.from(now));
        memory.recordNote(survey.conversationId(), new ConversationMemory.Draft(Author.SYSTEM, "switchboard",
                envelope.channel(), null, "The customer rated the help " + score.get() + " out of 5.", null, true,
                Map.of("kind", "csat", "score", score.get().toString())));
        audit.record("customer", "conversation.csat-answered", "conversation", survey.conversationId(),
                Map.of("score", score.get(), "channel", envelope.channel()));
        log.info("conversation {} rated {} of 5 on {}", survey.conversationId(), score.get(), envelope.channel());
    }

    List<Answer> forConversation(String conversationId) {
        return jdbc.query("select * from csat_answer where conversation_id = ? order by answered_at",
                (rs, i) -> new Answer(rs.getString("id"), rs.getString("conversation_id"), rs.getString("customer_id"),
                        rs.getString("channel"), rs.getString("queue_name"), rs.getString("agent"), rs.getInt("score"),
                        rs.getTimestamp("answered_at").toInstant()), conversationId);
    }

    List<Answer> answeredSince(Instant since) {
        return jdbc.query("select * from csat_answer where answered_at >= ?",
                (rs, i) -> new Answer(rs.getString("id"), rs.getString("conversation_id"), rs.getString("customer_id"),
                        rs.getString("channel"), rs.getString("queue_name"), rs.getString("agent"), rs.getInt("score"),
                        rs.getTimestamp("answered_at").toInstant()), Timestamp.from(since));
    }

    private Optional<Pending> open(String customerId) {
        return Optional.ofNullable(customerId == null ? null : pending.get(customerId))
                .filter(p -> p.sentAt().plus(properties.csat().expiry()).isAfter(clock.instant()));
    }

    /**
     * The score, when the message is nothing but a score; below it only a quote of the survey may
     * follow (an e-mail answer), never more words of the customer's, which must reach an agent.
     */
    static Optional<Integer> score(String text) {
        if (text == null) {
            return Optional.empty();
        }
        List<String> lines = text.strip().lines().toList();
        Matcher m = SCORE.matcher(lines.isEmpty() ? "" : lines.get(0));
        boolean onlyQuoteFollows = lines.stream().skip(1).map(String::strip)
                .allMatch(l -> l.isEmpty() || l.startsWith(">") || QUOTE_HEADER.matcher(l).matches());
        return m.matches() && onlyQuoteFollows ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
