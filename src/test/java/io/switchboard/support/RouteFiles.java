package io.switchboard.support;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * The gateway's route files ({@code routes/}) in a bare Camel context, with the beans a test gives
 * them: a route tested for its branches without Spring, a channel, a database or a cluster. The
 * context is not started, so a test can advise the routes first.
 */
public final class RouteFiles {

    private RouteFiles() {
    }

    public static CamelContext load(Map<String, Object> beans, String... files) throws Exception {
        CamelContext context = new DefaultCamelContext();
        beans.forEach((name, bean) -> context.getRegistry().bind(name, bean));
        var resources = PluginHelper.getResourceLoader(context);
        var loader = PluginHelper.getRoutesLoader(context);
        for (String file : files) {
            loader.loadRoutes(resources.resolveResource("file:routes/" + file));
        }
        return context;
    }
}
