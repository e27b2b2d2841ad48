package io.switchboard.channel.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;

/**
 * The SDK's HTTP client with three changes: every request goes to the configured host (paths stay
 * Twilio's), our timeouts apply (the SDK sets its own on each request), and nothing is retried
 * here: the SDK would silently repeat a 5xx three times, the outbox decides about retries.
 */
final class TwilioHttpClient extends NetworkHttpClient {

    TwilioHttpClient(TwilioProperties properties) {
        super(builder(properties));
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    private static HttpClientBuilder builder(TwilioProperties properties) {
        Timeout connect = Timeout.of(properties.connectTimeout());
        Timeout read = Timeout.of(properties.readTimeout());
        var timeouts = RequestConfig.custom()
                .setConnectionRequestTimeout(connect)
                .setResponseTimeout(read)
                .build();
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect).setSocketTimeout(read).build())
                .setMaxConnPerRoute(20)
                .setMaxConnTotal(50)
                .build();
        var builder = HttpClientBuilder.create()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(timeouts)
                .disableAutomaticRetries()
                // the SDK replaces each request's config with its defaults; ours go back on first
                .addExecInterceptorFirst("switchboard-timeouts", (request, scope, chain) -> {
                    scope.clientContext.setRequestConfig(timeouts);
                    return chain.proceed(request, scope);
                });
        URI base = properties.apiBaseUrl();
        if (!TwilioProperties.TWILIO.equals(base)) {
            HttpHost host = new HttpHost(base.getScheme(), base.getHost(), port(base));
            builder.setRoutePlanner((target, context) -> new HttpRoute(host, null, "https".equals(base.getScheme())));
        }
        return builder;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
