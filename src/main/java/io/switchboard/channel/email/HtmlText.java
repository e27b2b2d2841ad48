package io.switchboard.channel.email;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** What agents get of a mail's HTML: readable text, or markup with nothing active left in it. */
final class HtmlText {

    /** Containers mail clients put the quoted earlier conversation in. */
    private static final String QUOTES = "blockquote, div.gmail_quote, div.gmail_extra, div.moz-cite-prefix, "
            + "div.yahoo_quoted, div#divRplyFwdMsg, div#divRplyFwdMsg ~ *, hr#stopSpelling ~ *, div#appendonsend ~ *";
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "table",
            "tr", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "address", "dl", "dt", "dd",
            "hr");
    /**
     * Remote images would tell the sender when and where an agent opened the mail: only images
     * carried in the mail itself ({@code data:}) keep their source. Removing a tag's last protocol
     * would lift the check altogether, so {@code data} takes the place of http and https.
     */
    private static final Safelist SHOWN = Safelist.relaxed()
            .addProtocols("img", "src", "data")
            .removeProtocols("img", "src", "http", "https")
            .addProtocols("a", "href", "mailto");

    private HtmlText() {
    }

    /** The text of the HTML, block by block, without the quoted earlier messages. */
    static String newestText(String html) {
        Document document = Jsoup.parse(html);
        document.select(QUOTES).remove();
        return text(document.body());
    }

    /** The text of the HTML, block by block; scripts and styles are not text. */
    static String text(Element root) {
        var out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.text());
                } else if (node instanceof Element element) {
                    if (element.normalName().equals("br")) {
                        out.append('\n');
                    } else if (element.normalName().equals("li")) {
                        newLine(out);
                        out.append("- ");
                    } else if (BLOCKS.contains(element.normalName())) {
                        newLine(out);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                    newLine(out);
                }
            }
        }, root);
        return out.toString().replace('\u00A0', ' ')
                .replaceAll("[ \\t\\x0B\\f\\r]+\\n", "\n")
                .replaceAll("\\n[ \\t\\x0B\\f\\r]+", "\n")
                .replaceAll("[ \\t]{2,}", " ")
                .replaceAll("\\n{3,}", "\n\n").strip();
    }

    /** The HTML as agents may see it: formatting kept; scripts, event handlers, forms and remote content gone. */
    static String sanitized(String html) {
        return Jsoup.clean(html, "", SHOWN, new Document.OutputSettings().prettyPrint(false));
    }

    private static void newLine(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
