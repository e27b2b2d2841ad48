package io.switchboard.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request body at most up to the limit: anything larger is refused with 413 before it is
 * buffered, so no entry point (webhooks, the API) holds more than its limit of anyone's bytes. The
 * body is kept as bytes so a signature is checked over exactly what was sent and whatever reads it
 * later sees it again.
 */
public class RequestBodyLimit extends OncePerRequestFilter {

    /** Request attribute holding the body as received. */
    public static final String RAW_BODY = RequestBodyLimit.class.getName() + ".body";
    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimit.class);

    private final long limit;

    public RequestBodyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            tooLarge(request, response);
            return;
        }
        byte[] body = read(request.getInputStream());
        if (body == null) {
            tooLarge(request, response);
            return;
        }
        request.setAttribute(RAW_BODY, body);
        chain.doFilter(new Replayable(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.warn("request to {} refused: body over {} bytes", request.getRequestURI(), limit);
        response.setHeader("Connection", "close");
        response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body over " + limit + " bytes");
    }

    /** The body, or null when it is longer than the limit (reading stops there). */
    private byte[] read(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static final class Replayable extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayable(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("webhook bodies are read blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
