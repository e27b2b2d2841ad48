package io.switchboard.channel.chat;

import io.switchboard.conversation.Turn;
import java.time.Instant;
import java.util.List;

/** The JSON frames of the chat socket, both ways. */
final class ChatFrames {

    private ChatFrames() {
    }

    /** A turn as the visitor sees it; {@code kind} marks special turns, e.g. {@code csat-survey}. */
    record ChatTurn(long seq, Instant at, String author, String authorName, String channel, String text, String kind) {
        static ChatTurn of(Turn t) {
            return new ChatTurn(t.seq(), t.at(), t.author().wireName(), t.authorName(), t.channel(), t.text(),
                    t.metadata().get("kind"));
        }
    }

    record Welcome(String type, String token, String visitor, List<ChatTurn> history, long maxMessageBytes) {
        Welcome(String token, String visitor, List<ChatTurn> history, long maxMessageBytes) {
            this("welcome", token, visitor, history, maxMessageBytes);
        }
    }

    record Ack(String type, String id, long seq) {
        Ack(String id, long seq) {
            this("ack", id, seq);
        }
    }

    record Message(String type, ChatTurn turn) {
        Message(ChatTurn turn) {
            this("message", turn);
        }
    }

    record Claimed(String type, String address, boolean codeSent) {
        Claimed(String address, boolean codeSent) {
            this("claimed", address, codeSent);
        }
    }

    record Confirmed(String type, String address) {
        Confirmed(String address) {
            this("confirmed", address);
        }
    }

    /**
     * A refusal. {@code id} names the message refused, when it was one; {@code retryAfter} says in
     * how many seconds a limit lets the visitor try again.
     */
    record Error(String type, String code, String message, String id, Long retryAfter) {
        Error(String code, String message) {
            this("error", code, message, null, null);
        }

        static Error limited(String code, String message, String id, long retryAfterSeconds) {
            return new Error("error", code, message, id, retryAfterSeconds);
        }
    }
}
