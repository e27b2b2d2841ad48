package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.delivery.ChannelCapabilities;
import io.switchboard.delivery.ChannelCatalog;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The channels the gateway knows and what each carries, as their connectors declare it. */
@RestController
@RequestMapping("/api/v1/channels")
@Tag(name = "channels")
class ChannelController {

    private final ChannelCatalog catalog;

    ChannelController(ChannelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * A channel.
     *
     * @param canSend     whether replies can go out on it now (its sink installed, not switched off, available)
     * @param unavailable why not, when a component says so (its provider not configured)
     * @param splits      whether a text longer than one message is sent as several
     */
    record ChannelView(String channel, boolean canSend, String unavailable, boolean splits,
                       ChannelCapabilities capabilities) {
    }

    @GetMapping
    @Operation(summary = "Every declared channel: whether it can send now and what it carries (text length, "
            + "attachments, when the business may write first, templates, receipts)")
    List<ChannelView> list() {
        return catalog.declared().keySet().stream().map(this::view).toList();
    }

    private ChannelView view(String channel) {
        return new ChannelView(channel, catalog.canSend(channel), catalog.unavailable(channel).orElse(null),
                catalog.splits(channel), catalog.capabilities(channel));
    }
}
