package io.switchboard.delivery;

import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.Threading;
import io.switchboard.system.AuditLog;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The "record the turn" step of the {@code reply} route: the reply becomes a turn of the conversation,
 * queued for delivery, and the addressed envelope the outbox will send (threaded on the message it
 * answers, with a {@code Re:} subject where the channel has subjects, split into the parts the channel
 * can carry). The turn is left in the exchange property {@link #APPENDED} for whoever asked.
 */
@Component("replyTurns")
public class ReplyTurns {

    public static final String APPENDED = "switchboard-appended";
    private static final Logger log = LoggerFactory.getLogger(ReplyTurns.class);

    private final ConversationMemory memory;
    private final Map<String, MessageSplitter> splitters = new HashMap<>();
    private final AuditLog audit;
    private final Clock clock;

    ReplyTurns(ConversationMemory memory, List<MessageSplitter> splitters, AuditLog audit, Clock clock) {
        this.memory = memory;
        splitters.forEach(s -> this.splitters.put(s.channel(), s));
        this.audit = audit;
        this.clock = clock;
    }

    /** Records the reply as a turn and returns what the outbox is to send. */
    public OutboxEntry record(@Body ReplyTargets.Addressed addressed, Exchange exchange) {
        Reply reply = addressed.reply();
        Conversation conversation = addressed.conversation();
        ChannelChooser.Target target = addressed.target();
        var turnMetadata = new HashMap<>(reply.metadata());
        if (target.passedOver() != null) {
            // why the reply is not on the customer's usual channel, for the agent reading the timeline
            turnMetadata.put("passedOver", target.passedOver());
        }
        var draft = new ConversationMemory.Draft(reply.author(), reply.authorName(), target.channel(),
                target.address().toString(), reply.text(), replySubject(conversation, target.channel()), false,
                Map.copyOf(turnMetadata));
        Appended appended = switch (reply.kind()) {
            case AGENT -> memory.recordAgentReply(conversation.id(), draft);
            case AI -> memory.recordAutomatedReply(conversation.id(), draft);
            case NOTICE -> memory.recordNote(conversation.id(), draft, reply.turnId());
        };
        if (reply.kind() == Reply.Kind.AGENT) {
            audit.record(reply.authorName(), "conversation.replied", "conversation", conversation.id(),
                    Map.of("channel", target.channel(), "turn", appended.turn().seq()));
        }
        exchange.setProperty(APPENDED, appended);
        Turn turn = appended.turn();
        var metadata = new HashMap<>(turn.metadata());
        metadata.put("author", turn.author().wireName());
        if (turn.authorName() != null) {
            metadata.put("authorName", turn.authorName());
        }
        metadata.put("seq", Long.toString(turn.seq()));
        Envelope envelope = new Envelope(turn.id(), target.channel(), Direction.OUTBOUND, null, null,
                target.address().value(), turn.text(), turn.subject(), turn.attachments(),
                threadingFor(conversation, target.channel()), conversation.id(), turn.at(), metadata);
        MessageSplitter splitter = splitters.get(target.channel());
        List<String> parts = splitter == null ? List.of(turn.text()) : splitter.split(turn.text());
        log.info("reply {} of conversation {} queued for {} ({} part(s))", turn.seq(), conversation.id(),
                target.channel(), parts.size());
        return OutboxEntry.pending(envelope, turn.seq(), conversation.customerId(), parts, clock.instant());
    }

    /**
     * The last inbound message on the channel is the one a reply answers (e-mail threads on it, a call
     * goes on); an automaton's message (an out-of-office note) is nobody's to answer.
     */
    private static Threading threadingFor(Conversation conversation, String channel) {
        List<Turn> turns = conversation.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (t.direction() == Direction.INBOUND && channel.equals(t.channel()) && !t.automated()
                    && (t.metadata().containsKey("messageId") || t.metadata().containsKey("callId"))) {
                String messageId = t.metadata().get("messageId");
                return new Threading(null, messageId, messageId == null ? List.of() : List.of(messageId),
                        t.metadata().get("callId"));
            }
        }
        return Threading.NONE;
    }

    private static String replySubject(Conversation conversation, String channel) {
        List<Turn> turns = conversation.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (channel.equals(t.channel()) && !t.automated() && t.subject() != null && !t.subject().isBlank()) {
                return t.subject().regionMatches(true, 0, "Re:", 0, 3) ? t.subject() : "Re: " + t.subject();
            }
        }
        return null;
    }
}
