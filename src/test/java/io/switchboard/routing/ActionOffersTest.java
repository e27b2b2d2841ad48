package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Turn;
import io.switchboard.envelope.Direction;
import io.switchboard.routing.ActionOffers.Said;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/** A yes, a no or neither to the AI's offer, with the shipped word lists; and which message answers an offer. */
class ActionOffersTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static ActionOffers offers;

    @BeforeAll
    static void bindTheShippedWords() throws IOException {
        var sources = new YamlPropertySourceLoader().load("rules", new ClassPathResource(HumanRuleProperties.DEFAULTS));
        offers = new ActionOffers(new Binder(ConfigurationPropertySources.from(sources))
                .bind("switchboard.routing.confirmations", ActionOffers.Words.class).get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "Yes please", "YES!", "ok, go ahead", "Sure, do it", "sí, por favor", "Vale",
            "oui merci", "d'accord", "Ja, bitte", "ja gerne"})
    void aShortPlainYesIsAYes(String text) {
        assertThat(offers.said(text)).isEqualTo(Said.YES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "No, keep it", "nope", "don't", "no gracias", "mejor no", "non merci",
            "Nein, danke", "wait"})
    void aShortPlainNoIsANo(String text) {
        assertThat(offers.said(text)).isEqualTo(Said.NO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "thanks", "yes no", "ok but not now",
            "yes but please change the delivery address to my office instead",
            "I want to talk to a person", "what is the status"})
    void anythingElseIsNeither(String text) {
        assertThat(offers.said(text)).isEqualTo(Said.OTHER);
    }

    @Test
    void onlyAMessageRightAfterTheOfferAnswersIt() {
        Turn offer = turn(2, Author.AI, "Shall I cancel order 4711?", Map.of("kind", "ai-reply", "offer-action", "cancel",
                "order", "4711", "offer-article", "change-cancel-order", "offer-lang", "en"));
        Turn notice = turn(3, Author.SYSTEM, "notice", Map.of());

        assertThat(offers.answering(conversation(turn(1, Author.CUSTOMER, "cancel 4711", Map.of()), offer, notice,
                turn(4, Author.CUSTOMER, "yes", Map.of())), "yes"))
                .contains(new ActionOffers.Answer(new ActionOffers.Offer("cancel", "4711", "change-cancel-order", "en"),
                        Said.YES));
        assertThat(offers.answering(conversation(offer, turn(3, Author.CUSTOMER, "hm", Map.of()),
                turn(4, Author.CUSTOMER, "yes", Map.of())), "yes")).as("another message in between").isEmpty();
        assertThat(offers.answering(conversation(turn(2, Author.AI, "Order 4711 is cancelled.", Map.of("kind", "ai-reply")),
                turn(3, Author.CUSTOMER, "yes", Map.of())), "yes")).as("no offer").isEmpty();
    }

    private static Conversation conversation(Turn... turns) {
        return new Conversation("c-1", "cust-1", ConversationStatus.OPEN, null, null, T0, T0, null, null,
                turns.length + 1, List.of(turns), "", 0, List.of(), List.of("chat"), null, null, List.of());
    }

    private static Turn turn(long seq, Author author, String text, Map<String, String> metadata) {
        return new Turn(seq, "t-" + seq, T0.plusSeconds(seq), "chat",
                author == Author.CUSTOMER ? Direction.INBOUND : Direction.OUTBOUND, author, null, "chat:v1", text, null,
                List.of(), null, null, false, null, metadata);
    }
}
