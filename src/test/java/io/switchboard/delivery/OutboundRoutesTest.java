package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.switchboard.conversation.Appended;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.Turn;
import io.switchboard.customer.Address;
import io.switchboard.envelope.DeliveryRefusedException;
import io.switchboard.envelope.Direction;
import io.switchboard.envelope.Envelope;
import io.switchboard.envelope.EnvelopeHeaders;
import io.switchboard.envelope.Receipt;
import io.switchboard.envelope.Threading;
import io.switchboard.support.RouteFiles;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound routes as written in {@code routes/outbound.yaml}, each step's bean replaced by a
 * mock and the channel's sink connector by a mock endpoint: every reply takes the same steps, a
 * refusal goes back to whoever asked, a send is tried once per call (the outbox retries), receipts
 * reach the turn.
 */
class OutboundRoutesTest {

    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");

    private final ReplyTargets targets = mock(ReplyTargets.class);
    private final ReplyTurns replyTurns = mock(ReplyTurns.class);
    private final Outbox outbox = mock(Outbox.class);
    private final OutboxWorker worker = mock(OutboxWorker.class);
    private final OutboundChecks checks = mock(OutboundChecks.class);
    private final DeliveryReceipts receipts = mock(DeliveryReceipts.class);
    private final ChannelCatalog catalog = mock(ChannelCatalog.class);
    private CamelContext camel;
    private ProducerTemplate producer;
    private OutboundDispatcher dispatcher;
    private MockEndpoint sink;

    @BeforeEach
    void startRoutes() throws Exception {
        when(catalog.sinkKamelet(any())).thenAnswer(call -> call.getArgument(0) + "-sink");
        camel = RouteFiles.load(Map.of("replyTargets", targets, "replyTurns", replyTurns, "outbox", outbox,
                "outboxWorker", worker, "outboundChecks", checks, "deliveryReceipts", receipts, "channelCatalog", catalog),
                "error-handling.yaml", "outbound.yaml");
        AdviceWith.adviceWith(camel, "outbound", route -> route.weaveById("channel-sink").replace().to("mock:sink"));
        AdviceWith.adviceWith(camel, "outbox-dispatch", route -> route.replaceFromWith("direct:tick"));
        AdviceWith.adviceWith(camel, "outbox-sweep", route -> route.replaceFromWith("direct:sweep"));
        camel.start();
        producer = camel.createProducerTemplate();
        dispatcher = new OutboundDispatcher(producer);
        sink = camel.getEndpoint("mock:sink", MockEndpoint.class);
    }

    @AfterEach
    void stopRoutes() throws Exception {
        camel.close();
    }

    @Test
    void anAgentsReplyIsAddressedRecordedAndQueuedAndTheTurnComesBack() {
        var target = new ChannelChooser.Target("sms", new Address("sms", "+15550001111"));
        when(targets.choose(any())).thenAnswer(call -> new ReplyTargets.Addressed(call.getArgument(0), null, target));
        var appended = appended();
        var entry = OutboxEntry.pending(outbound(), 3, "cust-1", List.of("On its way"), NOW);
        when(replyTurns.record(any(), any())).thenAnswer(call -> {
            call.getArgument(1, Exchange.class).setProperty(ReplyTurns.APPENDED, appended);
            return entry;
        });

        Appended result = dispatcher.agentReply("conv-1", "On its way", null, "ana");

        assertThat(result).isSameAs(appended);
        var order = inOrder(targets, replyTurns, outbox);
        order.verify(targets).choose(new Reply("conv-1", Reply.Kind.AGENT, Author.AGENT, "ana", "On its way", null,
                null, null));
        order.verify(replyTurns).record(any(), any());
        order.verify(outbox).enqueue(entry);
    }

    @Test
    void whenNothingCanReachTheCustomerTheCallerIsToldAndNothingIsRecorded() {
        when(targets.choose(any())).thenThrow(new NoReachableChannelException("no channel can reach the customer"));

        assertThatThrownBy(() -> dispatcher.aiReply("conv-1", "Here is how", "embedded", Map.of()))
                .isInstanceOf(NoReachableChannelException.class).hasMessage("no channel can reach the customer");
        verify(replyTurns, never()).record(any(), any());
        verify(outbox, never()).enqueue(any());
    }

    @Test
    void aReplyTheConversationRefusesIsNotQueued() {
        var target = new ChannelChooser.Target("sms", new Address("sms", "+15550001111"));
        when(targets.choose(any())).thenAnswer(call -> new ReplyTargets.Addressed(call.getArgument(0), null, target));
        when(replyTurns.record(any(), any())).thenThrow(new IllegalStateException("a person owns the conversation"));

        assertThatThrownBy(() -> dispatcher.aiReply("conv-1", "Here is how", "embedded", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessage("a person owns the conversation");
        verify(outbox, never()).enqueue(any());
    }

    @Test
    void aMessageThatPassesTheChecksGoesToItsChannelsSink() throws Exception {
        sink.expectedBodiesReceived(outbound());

        Exchange sent = send(outbound());

        assertThat(sent.getException()).isNull();
        sink.assertIsSatisfied();
        verify(checks).check(outbound());
    }

    @Test
    void aRefusedMessageNeverReachesTheSinkAndTheRefusalGoesBack() throws Exception {
        doThrow(new DeliveryRefusedException("the customer opted out of sms")).when(checks).check(any());
        sink.expectedMessageCount(0);

        Exchange sent = send(outbound());

        assertThat(sent.getException()).isInstanceOf(DeliveryRefusedException.class)
                .hasMessage("the customer opted out of sms");
        sink.assertIsSatisfied();
    }

    @Test
    void aFailingSinkIsCalledOnceAndItsFailureGoesBackForTheOutboxToRetry() throws Exception {
        sink.whenAnyExchangeReceived(exchange -> {
            throw new IOException("provider unreachable");
        });
        sink.expectedMessageCount(1);

        Exchange sent = send(outbound());

        assertThat(sent.getException()).isInstanceOf(IOException.class);
        sink.assertIsSatisfied();
    }

    @Test
    void everyReceiptReachesTheDeliveryReceipts() {
        var receipt = Receipt.forProviderId("sms", "SM42", Receipt.Status.DELIVERED, null);

        producer.sendBody(EnvelopeHeaders.RECEIPTS, receipt);

        verify(receipts).record(receipt);
    }

    @Test
    void eachTickSendsWhatIsDueAndAFailedPollWaitsForTheNext() {
        producer.sendBody("direct:tick", null);
        verify(worker).dispatchDue();

        doThrow(new IllegalStateException("cluster shutting down")).when(worker).dispatchDue();
        Exchange failed = producer.send("direct:tick", exchange -> { });
        assertThat(failed.getException()).as("handled by the outbox-errors configuration").isNull();
    }

    @Test
    void theSweepBringsBackStrandedRepliesAndAFailedSweepWaitsForTheNext() {
        producer.sendBody("direct:sweep", null);
        verify(worker).recoverStranded();

        doThrow(new IllegalStateException("database away")).when(worker).recoverStranded();
        Exchange failed = producer.send("direct:sweep", exchange -> { });
        assertThat(failed.getException()).as("handled by the outbox-errors configuration").isNull();
    }

    private Exchange send(Envelope envelope) {
        return producer.send("direct:outbound", exchange -> {
            exchange.getMessage().setBody(envelope);
            exchange.getMessage().setHeader(EnvelopeHeaders.CHANNEL, envelope.channel());
        });
    }

    private static Envelope outbound() {
        return new Envelope("turn-3", "sms", Direction.OUTBOUND, null, null, "+15550001111", "On its way", null,
                List.of(), Threading.NONE, "conv-1", NOW, Map.of("seq", "3"));
    }

    private static Appended appended() {
        var turn = new Turn(3, "turn-3", NOW, "sms", Direction.OUTBOUND, Author.AGENT, "ana", "sms:+15550001111",
                "On its way", null, List.of(), null, null, false, null, Map.of());
        return new Appended("conv-1", turn, ConversationStatus.WAITING_FOR_CUSTOMER, "ana", false, false);
    }
}
