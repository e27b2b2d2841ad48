package io.switchboard.inbox;

import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * E-mail HTML as an agent may see it: text formatting, lists, tables and links only; no scripts,
 * styles, forms, frames or images (which would also tell the sender the mail was read).
 */
final class SafeHtml {

    private static final Safelist ALLOWED = Safelist.relaxed()
            .removeTags("img")
            .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer")
            .addEnforcedAttribute("a", "target", "_blank");

    private SafeHtml() {
    }

    static String clean(String html) {
        return html == null ? null : Jsoup.clean(html, ALLOWED);
    }
}
