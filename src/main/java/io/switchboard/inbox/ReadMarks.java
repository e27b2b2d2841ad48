package io.switchboard.inbox;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import org.springframework.stereotype.Component;

/** How far each agent has read each conversation, for unread counts. */
@Component
class ReadMarks {

    static final String MARKS = "inbox-read-marks";

    private final IMap<String, Long> marks;

    ReadMarks(HazelcastInstance hazelcast) {
        this.marks = hazelcast.getMap(MARKS);
    }

    void read(String username, String conversationId, long seq) {
        marks.merge(key(username, conversationId), seq, Math::max);
    }

    /** Customer messages after the last one the agent read. */
    long unread(String username, Conversation c) {
        Long mark = marks.get(key(username, c.id()));
        long seen = mark == null ? 0 : mark;
        return c.visibleTurns().stream().filter(t -> t.author() == Author.CUSTOMER && t.seq() > seen).count();
    }

    private static String key(String username, String conversationId) {
        return username + "|" + conversationId;
    }
}
