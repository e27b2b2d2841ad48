package io.switchboard.inbox;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Decision;
import io.switchboard.conversation.Turn;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conversation as an agent sees it: its state, the recent turns of every channel (notes
 * included, moved ones not), how many older turns can be paged, and why it is where it is; for the
 * inbox, also where it waits, the AI's pending draft, handoff notes, survey answers and the channels
 * a reply can take.
 *
 * @param channel    the channel the customer last wrote on
 * @param unverified set, with the reason, when the customer is a sender the channel could not vouch
 *                   for: the conversation is theirs alone, and an agent merges it on evidence
 */
record ConversationView(String id, String customerId, ConversationStatus status, String queue, String assignee,
                        Instant createdAt, Instant updatedAt, Instant resolvedAt, String previousConversationId,
                        List<String> channels, String summary, long olderTurns, List<Decision> decisions,
                        List<Turn> turns, String channel, String unverified, Inbox inbox) {

    /**
     * @param waiting      where and how long it waits, while queued
     * @param draft        the AI's suggested reply nobody has dealt with yet
     * @param handoffNotes notes the AI or the gateway left for the agent
     * @param replyChannels channels a reply can go out on (customer has an address there, not opted out, reachable
     *                      now, installed)
     * @param replyLimits  of those, the ones that carry a reply only up to a length (in characters), by channel
     * @param unread       customer messages the viewer has not read
     * @param ratedNotes   the handoff notes an agent has said were useful or not
     */
    record Inbox(Waiting waiting, Turn draft, List<Turn> handoffNotes, List<CsatSurveys.Answer> csat,
                 List<String> replyChannels, Map<String, Integer> replyLimits, String preferredChannel,
                 long unread, Set<Long> ratedNotes) {
    }

    /**
     * @param slaState ok, at-risk or breached
     */
    record Waiting(String queue, Instant since, int priority, long waitedSeconds, long slaSeconds, String slaState,
                   Instant escalatedAt, boolean queueOpen, Instant nextOpening) {
    }

    static ConversationView of(Conversation c, List<Turn> turns, String unverified, Inbox inbox) {
        List<Turn> shown = turns.stream().filter(t -> t.movedTo() == null).toList();
        long firstShown = shown.isEmpty() ? c.nextSeq() : shown.get(0).seq();
        return new ConversationView(c.id(), c.customerId(), c.status(), c.queue(), c.assignee(), c.createdAt(),
                c.updatedAt(), c.resolvedAt(), c.previousConversationId(), c.channels(), c.summary(),
                Math.max(0, firstShown - 1), c.decisions(), shown, Assignments.channelOf(c), unverified, inbox);
    }
}
