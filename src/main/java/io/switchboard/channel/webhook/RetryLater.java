package io.switchboard.channel.webhook;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.switchboard.conversation.ConversationChangedElsewhereException;
import io.switchboard.conversation.MessageInFlightException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A webhook whose message could not be recorded for a passing reason is answered {@code 503} with
 * {@code Retry-After}, so the provider sends it again: the database is away, this side of a network
 * split has no quorum, a member left mid-write, or another instance is recording the same message
 * right now. Any other failure stays a {@code 500}. Either way the body is empty (the endpoints mute
 * Camel's exception response, which would otherwise carry a stack trace) and nothing was stored.
 *
 * <p>Camel's HTTP binding writes every failed exchange as a 500 and takes no status from the route,
 * so the inbound error handler marks the request ({@link #mark}) and this filter turns that 500 into
 * the 503.
 */
public class RetryLater extends OncePerRequestFilter {

    /** Seconds a provider is asked to wait before sending the message again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final String MARK = RetryLater.class.getName() + ".passing";
    private static final List<Class<?>> PASSING = List.of(MessageInFlightException.class,
            ConversationChangedElsewhereException.class,
            DataAccessResourceFailureException.class, TransientDataAccessException.class, SQLTransientException.class,
            SQLRecoverableException.class, SplitBrainProtectionException.class, HazelcastInstanceNotActiveException.class,
            RetryableException.class);

    /** Step of the inbound error handler: marks the webhook request when the failure is a passing one. */
    public static void mark(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getMessage() instanceof PlatformHttpMessage http && passing(failure)) {
            http.getRequest().setAttribute(MARK, Boolean.TRUE);
        }
    }

    static boolean passing(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<?> type : PASSING) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                if (status == SC_INTERNAL_SERVER_ERROR && request.getAttribute(MARK) != null) {
                    super.setStatus(SC_SERVICE_UNAVAILABLE);
                    super.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
                } else {
                    super.setStatus(status);
                }
            }
        });
    }
}
