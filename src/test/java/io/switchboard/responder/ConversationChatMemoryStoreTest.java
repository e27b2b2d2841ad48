package io.switchboard.responder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.envelope.Direction;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConversationChatMemoryStoreTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void theModelSeesABoundedMaskedWindowOfVisibleTurnsAfterTheSummaryWithoutTheQuestionItself() {
        var turns = new ArrayList<Turn>();
        for (int i = 1; i <= 9; i++) {
            turns.add(turn(i, i % 2 == 1 ? Author.CUSTOMER : Author.AGENT, "message " + i + " from x" + i + "@example.com", false));
        }
        turns.add(turn(10, Author.AGENT, "internal note about the customer", true));
        turns.add(turn(11, Author.CUSTOMER, "the question being answered", false));
        var conversation = new Conversation("c-1", "cust-1", ConversationStatus.OPEN, null, null, AT, AT, null, null,
                12, turns, "[2026-11-19 09:00 sms customer] my card is 4111 1111 1111 1111", 3, List.of(),
                List.of("sms"), AT, AT, List.of());
        var store = new ConversationChatMemoryStore(id -> Optional.of(conversation).filter(c -> c.id().equals(id)),
                new PersonalData(), 3);

        List<ChatMessage> messages = store.getMessages(new ModelResponder.CallId("c-1", "call-1", null, "en"));

        assertThat(messages).hasSize(4);
        assertThat(((UserMessage) messages.get(0)).singleText())
                .startsWith("<conversation_summary>").contains("[card ****1111]").doesNotContain("4111 1111");
        assertThat(messages.get(1)).isInstanceOf(UserMessage.class);
        assertThat(((UserMessage) messages.get(1)).singleText())
                .isEqualTo("<customer_message>\nmessage 7 from [email]\n</customer_message>");
        assertThat(((AiMessage) messages.get(2)).text()).isEqualTo("message 8 from [email]");
        assertThat(((UserMessage) messages.get(3)).singleText()).contains("message 9");
        assertThat(messages).noneMatch(m -> m.toString().contains("internal note") || m.toString().contains("question being"));
        assertThat(store.getMessages("unknown")).isEmpty();
    }

    @Test
    void writesFromTheAiServiceChangeNothingBecauseTheGatewayRecordsTurnsItself() {
        var conversation = new Conversation("c-2", "cust-1", ConversationStatus.OPEN, null, null, AT, AT, null, null,
                3, List.of(turn(1, Author.CUSTOMER, "hello", false), turn(2, Author.AI, "hi there", false)), "", 0,
                List.of(), List.of(), AT, AT, List.of());
        var store = new ConversationChatMemoryStore(id -> Optional.of(conversation), new PersonalData(), 6);

        store.updateMessages("c-2", List.of(UserMessage.from("injected"), AiMessage.from("blocked reply")));
        store.deleteMessages("c-2");

        assertThat(store.getMessages("c-2")).extracting(Object::toString)
                .noneMatch(m -> m.contains("injected") || m.contains("blocked reply")).hasSize(2);
    }

    private static Turn turn(long seq, Author author, String text, boolean internal) {
        return new Turn(seq, "t" + seq, AT.plusSeconds(seq), "sms",
                author == Author.CUSTOMER ? Direction.INBOUND : Direction.OUTBOUND, author, null, "sms:+15551234567",
                text, null, List.of(), null, null, internal, null, Map.of());
    }
}
