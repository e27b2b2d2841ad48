// E-mail HTML for the inbox. The server already sanitises it (jsoup); this rebuilds it once more from
// an inert parse, element by element, keeping only formatting, lists, tables and http(s)/mailto links.
// Nothing is ever assigned through innerHTML, so no script or handler from a customer can run.
(function () {
  "use strict";
  var ALLOWED = ["a", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "small", "span", "strike", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"];
  var SAFE_LINK = /^(https?:|mailto:)/i;

  function copy(node, into) {
    node.childNodes.forEach(function (child) {
      if (child.nodeType === Node.TEXT_NODE) {
        into.appendChild(document.createTextNode(child.textContent));
        return;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) { return; }
      var name = child.nodeName.toLowerCase();
      if (ALLOWED.indexOf(name) < 0) {
        if (name !== "script" && name !== "style" && name !== "template") { copy(child, into); }
        return;
      }
      var element = document.createElement(name);
      if (name === "a") {
        var href = child.getAttribute("href") || "";
        if (SAFE_LINK.test(href.trim())) {
          element.setAttribute("href", href.trim());
          element.setAttribute("rel", "nofollow noopener noreferrer");
          element.setAttribute("target", "_blank");
        }
      }
      if ((name === "td" || name === "th") && child.getAttribute("colspan")) {
        element.setAttribute("colspan", String(parseInt(child.getAttribute("colspan"), 10) || 1));
      }
      copy(child, element);
      into.appendChild(element);
    });
  }

  window.SafeHtml = {
    render: function (html) {
      var fragment = document.createDocumentFragment();
      var parsed = new DOMParser().parseFromString(String(html), "text/html");
      copy(parsed.body, fragment);
      return fragment;
    }
  };
}());
