package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Decision;
import io.switchboard.conversation.InboundTurns;
import io.switchboard.conversation.Turn;
import io.switchboard.customer.Address;
import io.switchboard.customer.CustomerIdentity;
import io.switchboard.customer.Identity;
import io.switchboard.customer.StatedPreferences;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.inbox.CsatSurveys;
import io.switchboard.oversight.AiAudits;
import io.switchboard.oversight.ClarificationOutcomes;
import io.switchboard.oversight.KnowledgeGaps;
import io.switchboard.responder.StoredTextMasking;
import io.switchboard.support.RouteFiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inbound pipeline and the decide routes as written in {@code routes/inbound.yaml}, each step's
 * bean replaced by a mock: which steps run, in which order, and which branch acts, for every path,
 * without a channel, a database or a cluster.
 */
class InboundRoutesTest {

    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");

    private final CustomerIdentity identity = mock(CustomerIdentity.class);
    private final CsatSurveys surveys = mock(CsatSurveys.class);
    private final InboundTurns turns = mock(InboundTurns.class);
    private final StatedPreferences preferences = mock(StatedPreferences.class);
    private final StoredTextMasking masking = mock(StoredTextMasking.class);
    private final RoutingDecider decider = mock(RoutingDecider.class);
    private final AiAnswers aiAnswers = mock(AiAnswers.class);
    private final AiActions aiActions = mock(AiActions.class);
    private final Handoffs handoffs = mock(Handoffs.class);
    private final AiAudits audits = mock(AiAudits.class);
    private final KnowledgeGaps gaps = mock(KnowledgeGaps.class);
    private final ClarificationOutcomes clarifications = mock(ClarificationOutcomes.class);
    private CamelContext camel;
    private ProducerTemplate producer;
    private MockEndpoint decide;

    @BeforeEach
    void startRoutes() throws Exception {
        camel = RouteFiles.load(Map.ofEntries(Map.entry("customerIdentity", identity), Map.entry("csatSurveys", surveys),
                Map.entry("inboundTurns", turns), Map.entry("statedPreferences", preferences),
                Map.entry("storedTextMasking", masking), Map.entry("routingDecider", decider),
                Map.entry("aiAnswers", aiAnswers), Map.entry("aiActions", aiActions), Map.entry("aiAudits", audits), Map.entry("knowledgeGaps", gaps),
                Map.entry("clarificationOutcomes", clarifications), Map.entry("handoffs", handoffs),
                Map.entry("inboundMessageIds", new MemoryIdempotentRepository()),
                Map.entry("routingDecisions", new MemoryIdempotentRepository())), "error-handling.yaml", "inbound.yaml");
        AdviceWith.adviceWith(camel, "inbound", route -> route.weaveById("to-decide").replace().to("mock:decide"));
        AdviceWith.adviceWith(camel, "decide-sweep", route -> route.replaceFromWith("direct:sweep"));
        camel.start();
        producer = camel.createProducerTemplate();
        decide = camel.getEndpoint("mock:decide", MockEndpoint.class);
        when(identity.identify(any())).thenReturn(new Identity("cust-1", new Address("sms", "+15550001111"), null,
                null));
        when(masking.mask(any())).thenAnswer(call -> call.getArgument(0));
        when(turns.append(any(), any())).thenAnswer(call -> appended(call.getArgument(0), ConversationStatus.OPEN));
        when(handoffs.queue(any())).thenAnswer(call -> call.getArgument(0));
        when(audits.sample(any())).thenAnswer(call -> call.getArgument(0));
        when(audits.afterHandoff(any())).thenAnswer(call -> call.getArgument(0));
        when(gaps.afterHandoff(any())).thenAnswer(call -> call.getArgument(0));
        when(clarifications.answered(any())).thenAnswer(call -> call.getArgument(0));
        when(clarifications.asked(any())).thenAnswer(call -> call.getArgument(0));
    }

    @AfterEach
    void stopRoutes() throws Exception {
        camel.close();
    }

    @Test
    void aNewMessageIsIdentifiedAppendedLearnedFromAndSentToBeDecided() throws Exception {
        decide.expectedMessageCount(1);
        decide.expectedHeaderReceived(EnvelopeHeaders.CONVERSATION_ID, "conv-1");
        decide.expectedHeaderReceived(EnvelopeHeaders.TURN_SEQ, 7L);

        producer.sendBody("direct:inbound", message("SM1", "text me please"));

        decide.assertIsSatisfied();
        var order = inOrder(identity, surveys, masking, turns, preferences);
        order.verify(identity).identify(any());
        order.verify(surveys).isAnswer(any(), eq("cust-1"));
        order.verify(masking).mask(any());
        order.verify(turns).append(any(), eq(new Identity("cust-1", new Address("sms", "+15550001111"), null, null)));
        order.verify(preferences).detect("cust-1", "text me please");
    }

    @Test
    void aMessageDeliveredTwiceIsAppendedOnce() throws Exception {
        decide.expectedMessageCount(1);

        producer.sendBody("direct:inbound", message("SM1", "hello"));
        producer.sendBody("direct:inbound", message("SM1", "hello"));

        decide.assertIsSatisfied();
        verify(turns).append(any(), any());
        verify(identity).identify(any());
    }

    @Test
    void aFailedAppendGoesBackToTheCallerAndTheProvidersRetryIsNotTakenForADuplicate() throws Exception {
        doThrow(new IllegalStateException("database away"))
                .doAnswer(call -> appended(call.getArgument(0), ConversationStatus.OPEN)).when(turns).append(any(), any());
        decide.expectedMessageCount(1);

        assertThatThrownBy(() -> producer.sendBody("direct:inbound", message("SM1", "hello")))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseMessage("database away");
        producer.sendBody("direct:inbound", message("SM1", "hello"));

        decide.assertIsSatisfied();
    }

    @Test
    void aSurveyAnswerIsRecordedAndGoesNoFurther() throws Exception {
        when(surveys.isAnswer(any(), eq("cust-1"))).thenReturn(true);
        decide.expectedMessageCount(0);

        producer.sendBody("direct:inbound", message("SM1", "5"));

        verify(surveys).record(any(), eq("cust-1"));
        verify(turns, never()).append(any(), any());
        decide.assertIsSatisfied(200);
    }

    @Test
    void aPreferenceThatCannotBeLearnedDoesNotLoseTheMessage() throws Exception {
        doThrow(new IllegalStateException("customer map away")).when(preferences).detect(anyString(), anyString());
        decide.expectedMessageCount(1);

        producer.sendBody("direct:inbound", message("SM1", "email me instead"));

        decide.assertIsSatisfied();
    }

    @Test
    void aMessageNobodyMustAnswerIsNotDecided() throws Exception {
        doAnswer(call -> appended(call.getArgument(0), ConversationStatus.ASSIGNED)).when(turns).append(any(), any());
        decide.expectedMessageCount(0);

        producer.sendBody("direct:inbound", message("SM1", "thanks"));

        verify(turns).append(any(), any());
        decide.assertIsSatisfied(200);
    }

    @Test
    void theAiAnswersAndNothingElseHappens() {
        when(decider.decide("conv-1")).thenReturn(decision(RoutingDecision.AI_ANSWER));
        when(aiAnswers.send(any())).thenAnswer(call -> call.<RoutingDecision>getArgument(0).to(RoutingDecision.NONE));

        decide("conv-1", 1);

        var order = inOrder(aiAnswers, audits);
        order.verify(aiAnswers).send(any());
        order.verify(audits).sample(any());
        verify(handoffs, never()).queue(any());
        verify(audits, never()).afterHandoff(any());
    }

    @Test
    void anAiAnswerThatCannotReachTheCustomerIsHandedOff() {
        when(decider.decide("conv-1")).thenReturn(decision(RoutingDecision.AI_ANSWER));
        when(aiAnswers.send(any())).thenAnswer(call -> call.<RoutingDecision>getArgument(0).to(RoutingDecision.HANDOFF));

        decide("conv-1", 1);

        var order = inOrder(aiAnswers, handoffs, audits);
        order.verify(aiAnswers).send(any());
        order.verify(handoffs).queue(any());
        order.verify(handoffs).note(any());
        order.verify(handoffs).tellCustomer(any());
        order.verify(audits).afterHandoff(any());
        verify(gaps).afterHandoff(any());
    }

    @Test
    void theAiAsksBackTheQuestionIsCountedAndWhatTheAnswerLedToIsCountedBeforeItActs() {
        when(decider.decide("conv-1")).thenReturn(decision(RoutingDecision.AI_CLARIFY));
        when(aiAnswers.clarify(any())).thenAnswer(call -> call.<RoutingDecision>getArgument(0).to(RoutingDecision.NONE));

        decide("conv-1", 1);

        var order = inOrder(decider, clarifications, aiAnswers);
        order.verify(decider).decide("conv-1");
        order.verify(clarifications).answered(any());
        order.verify(aiAnswers).clarify(any());
        order.verify(clarifications).asked(any());
        verify(aiAnswers, never()).send(any());
        verify(audits, never()).sample(any());
        verify(handoffs, never()).queue(any());

        doAnswer(call -> call.<RoutingDecision>getArgument(0).to(RoutingDecision.HANDOFF)).when(aiAnswers).clarify(any());
        decide("conv-1", 2);
        verify(handoffs).queue(any());
        verify(handoffs).tellCustomer(any());
    }

    @Test
    void theAnswerToAnOfferIsCarriedOutAndAFailureIsHandedOff() {
        when(decider.decide("conv-1")).thenReturn(decision(RoutingDecision.AI_ACTION));
        when(aiActions.carryOut(any())).thenAnswer(call -> call.<RoutingDecision>getArgument(0).to(RoutingDecision.NONE));

        decide("conv-1", 1);

        verify(aiActions).carryOut(any());
        verify(aiAnswers, never()).send(any());
        verify(handoffs, never()).queue(any());

        doAnswer(call -> call.<RoutingDecision>getArgument(0).to(RoutingDecision.HANDOFF)).when(aiActions).carryOut(any());
        decide("conv-1", 2);
        verify(handoffs).queue(any());
        verify(handoffs).tellCustomer(any());
    }

    @Test
    void aDraftIsProposedThenTheConversationIsHandedOff() {
        when(decider.decide("conv-1")).thenReturn(decision(RoutingDecision.AI_DRAFT));
        when(aiAnswers.propose(any())).thenAnswer(call -> call.getArgument(0));

        decide("conv-1", 1);

        var order = inOrder(aiAnswers, handoffs);
        order.verify(aiAnswers).propose(any());
        order.verify(handoffs).queue(any());
        order.verify(handoffs).note(any());
        order.verify(handoffs).tellCustomer(any());
        verify(aiAnswers, never()).send(any());
    }

    @Test
    void aHandoffQueuesWritesTheNoteAndTellsTheCustomerUnlessTheConversationMovedMeanwhile() {
        when(decider.decide(anyString())).thenReturn(decision(RoutingDecision.HANDOFF));
        decide("conv-1", 1);
        verify(handoffs).note(any());
        verify(handoffs).tellCustomer(any());

        doAnswer(call -> call.<RoutingDecision>getArgument(0).to(RoutingDecision.NONE)).when(handoffs).queue(any());
        decide("conv-1", 2);
        verify(handoffs, times(2)).queue(any());
        verify(handoffs).note(any());
        verify(handoffs).tellCustomer(any());
    }

    @Test
    void withAutomaticRoutingOffTheConversationOnlyWaitsInItsQueue() {
        when(decider.decide("conv-1")).thenReturn(decision(RoutingDecision.QUEUE));

        decide("conv-1", 1);

        verify(handoffs).queue(any());
        verify(handoffs, never()).note(any());
        verify(handoffs, never()).tellCustomer(any());
        verify(aiAnswers, never()).send(any());
    }

    @Test
    void eachCustomerMessageIsDecidedOnce() {
        when(decider.decide("conv-1")).thenReturn(decision(RoutingDecision.QUEUE));

        decide("conv-1", 1);
        decide("conv-1", 1);
        decide("conv-1", 2);

        verify(decider, times(2)).decide("conv-1");
    }

    @Test
    void theSweepDecidesWhatWasLeftUndecided() {
        var decided = new AtomicInteger();
        when(decider.undecided()).thenReturn(List.of(Map.of("conversationId", "conv-1", "seq", "4"),
                Map.of("conversationId", "conv-2", "seq", "9")));
        when(decider.decide(anyString())).thenAnswer(call -> {
            decided.incrementAndGet();
            return RoutingDecision.none(call.getArgument(0));
        });

        producer.sendBody("direct:sweep", null);

        verify(decider, timeout(2000)).decide("conv-1");
        verify(decider, timeout(2000)).decide("conv-2");
        assertThat(decided).hasValue(2);
        verify(handoffs, never()).queue(any());
    }

    private void decide(String conversationId, long seq) {
        producer.sendBodyAndHeaders("direct:decide", null, Map.of(EnvelopeHeaders.CONVERSATION_ID, conversationId,
                EnvelopeHeaders.TURN_SEQ, seq));
    }

    private static Envelope message(String providerId, String text) {
        return Envelope.inbound("sms", providerId, "+15550001111", "+15559990000", text, NOW);
    }

    private static Appended appended(Envelope envelope, ConversationStatus status) {
        var turn = new Turn(7, envelope.id(), envelope.timestamp(), envelope.channel(), Direction.INBOUND,
                Author.CUSTOMER, null, envelope.from(), envelope.text(), null, List.of(), envelope.providerMessageId(),
                null, false, null, Map.of());
        return new Appended("conv-1", turn, status, null, true, false);
    }

    private static RoutingDecision decision(String branch) {
        return new RoutingDecision("conv-1", branch, new Decision(NOW, "human-queue", "general", "a test decided",
                Map.of("rule", "test")), null, null);
    }
}
