package io.switchboard.responder;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat memory of one model call: the instructions, the conversation as the store gives it, then
 * what this call added (the question with its knowledge, the model's answer). LangChain4j's window
 * memories read back only what they wrote to the store, and {@link ConversationChatMemoryStore}
 * writes nothing, so they would lose the question; this one keeps it for the call's duration.
 */
final class CallMemory implements ChatMemory {

    private final Object id;
    private final ChatMemoryStore store;
    private SystemMessage instructions;
    private final List<ChatMessage> added = new ArrayList<>();

    CallMemory(Object id, ChatMemoryStore store) {
        this.id = id;
        this.store = store;
    }

    @Override
    public Object id() {
        return id;
    }

    @Override
    public synchronized void add(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            instructions = system;
        } else {
            added.add(message);
        }
    }

    @Override
    public synchronized List<ChatMessage> messages() {
        var all = new ArrayList<ChatMessage>();
        if (instructions != null) {
            all.add(instructions);
        }
        all.addAll(store.getMessages(id));
        all.addAll(added);
        return all;
    }

    @Override
    public synchronized void clear() {
        added.clear();
        instructions = null;
        store.deleteMessages(id);
    }
}
