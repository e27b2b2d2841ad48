package io.switchboard.responder;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationMemory;
import io.switchboard.conversation.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The model's memory is the gateway's conversation memory: what the customer said on any channel,
 * and what the AI and agents answered, so the model never asks again what was said on SMS before
 * the customer wrote by e-mail.
 *
 * <p>{@link #getMessages} gives the conversation's visible turns, masked, customer turns as user
 * messages inside {@code <customer_message>} delimiters, AI and agent turns as AI messages; at most
 * {@code maxTurns} of them, preceded by the running summary of older turns as a delimited user
 * message (not a system message: it quotes customers, and customer text never gets the authority
 * of instructions). The newest customer turn is left out: it is the question being answered, which
 * the responder sends itself together with the retrieved knowledge.
 *
 * <p>{@link #updateMessages} and {@link #deleteMessages} do nothing: the gateway records every turn
 * itself (the customer's on arrival, the AI's once it passed the trust layer), so writing back
 * would duplicate turns or record replies the trust layer blocked.
 */
public final class ConversationChatMemoryStore implements ChatMemoryStore {

    private final Function<String, Optional<Conversation>> conversations;
    private final PersonalData personalData;
    private final int maxTurns;

    /**
     * @param conversations finds a conversation by id ({@code ConversationMemory::find} in the application)
     */
    public ConversationChatMemoryStore(Function<String, Optional<Conversation>> conversations,
                                       PersonalData personalData, int maxTurns) {
        this.conversations = conversations;
        this.personalData = personalData;
        this.maxTurns = maxTurns;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String conversationId = memoryId instanceof ModelResponder.CallId call ? call.conversationId()
                : String.valueOf(memoryId);
        Optional<Conversation> found = conversations.apply(conversationId);
        if (found.isEmpty()) {
            return List.of();
        }
        Conversation conversation = found.get();
        var turns = new ArrayList<>(conversation.visibleTurns().stream()
                .filter(t -> t.author() != Author.SYSTEM && !t.text().isBlank()).toList());
        if (!turns.isEmpty() && turns.get(turns.size() - 1).author() == Author.CUSTOMER) {
            turns.remove(turns.size() - 1);
        }
        List<Turn> recent = turns.subList(Math.max(0, turns.size() - maxTurns), turns.size());
        var messages = new ArrayList<ChatMessage>();
        if (!conversation.summary().isBlank()) {
            messages.add(UserMessage.from("<conversation_summary>\n"
                    + CustomerText.defuse(personalData.mask(conversation.summary())) + "\n</conversation_summary>"));
        }
        for (Turn t : recent) {
            String text = personalData.mask(t.text());
            messages.add(t.author() == Author.CUSTOMER ? UserMessage.from(CustomerText.delimited(text))
                    : AiMessage.from(text));
        }
        return messages;
    }

    /**
     * The actions the gateway did to the customer's orders in the conversation (its action turns with the
     * outcome {@code done}), each with what the AI told the customer then.
     */
    List<PerformedAction> performed(String conversationId) {
        Optional<Conversation> found = conversations.apply(conversationId);
        if (found.isEmpty()) {
            return List.of();
        }
        List<Turn> turns = found.get().turns();
        var performed = new ArrayList<PerformedAction>();
        for (Turn t : turns) {
            Map<String, String> m = t.metadata();
            if (ConversationMemory.ACTION_KIND.equals(m.get("kind")) && "done".equals(m.get("outcome")) && m.get("action") != null
                    && m.get("order") != null) {
                String said = turns.stream().filter(r -> r.author() == Author.AI && r.seq() > t.seq()
                                && m.get("action").equals(r.metadata().get("action"))
                                && m.get("order").equals(r.metadata().get("order")))
                        .map(r -> personalData.mask(r.text())).findFirst().orElse(t.text());
                performed.add(new PerformedAction(m.get("action"), m.get("order"), said));
            }
        }
        return performed;
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        // the gateway records turns itself, see the class comment
    }

    @Override
    public void deleteMessages(Object memoryId) {
        // the conversation memory outlives one model call, see the class comment
    }
}
