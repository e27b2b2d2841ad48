package io.switchboard.responder;

import java.util.Locale;
import java.util.Objects;

/**
 * An action the gateway did to an order in a conversation at the customer's confirmation, as its action
 * turn recorded it; a model's reply may say it was done.
 *
 * @param action the action's name ({@code cancel}, {@code start-return})
 * @param order  the order number
 * @param said   what the customer was told when it was done (a source the reply may rest on)
 */
record PerformedAction(String action, String order, String said) {

    PerformedAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(order, "order");
        said = said == null ? "" : said;
    }

    /** What a sentence saying it was done contains: the action's last word's first five letters ("cance"). */
    String stem() {
        String[] words = action.toLowerCase(Locale.ROOT).split("[^a-z]+");
        String last = words.length == 0 ? action : words[words.length - 1];
        return last.substring(0, Math.min(5, last.length()));
    }
}
