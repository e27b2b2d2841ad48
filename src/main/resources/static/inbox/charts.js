// Small bar charts drawn as SVG elements (no library, nothing inline): one bar per label.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, String(attributes[key])); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  window.Charts = {
    // rows: [{label, value}] (value null: nothing measured); format: value -> text
    bars: function (container, rows, format, title) {
      container.textContent = "";
      var measured = rows.filter(function (r) { return r.value !== null && r.value !== undefined; });
      if (!rows.length) {
        var none = document.createElement("p");
        none.className = "chart__empty";
        none.textContent = "No data in this window.";
        container.appendChild(none);
        return;
      }
      var max = Math.max.apply(null, measured.map(function (r) { return r.value; }).concat([0])) || 1;
      var rowHeight = 26, labelWidth = 110, width = 360, barSpace = width - labelWidth - 70;
      var svg = el("svg", { viewBox: "0 0 " + width + " " + (rows.length * rowHeight + 4), role: "img",
        "aria-label": title + ": " + rows.map(function (r) { return r.label + " " + format(r.value); }).join(", ") });
      svg.setAttribute("class", "chart__svg");
      rows.forEach(function (r, i) {
        var y = i * rowHeight + 4;
        svg.appendChild(el("text", { x: 0, y: y + 15, "class": "chart__label" }, r.label));
        var w = r.value ? Math.max(2, Math.round(barSpace * r.value / max)) : 0;
        svg.appendChild(el("rect", { x: labelWidth, y: y + 2, width: w, height: rowHeight - 10, rx: 3, "class": "chart__bar" }));
        svg.appendChild(el("text", { x: labelWidth + w + 6, y: y + 15, "class": "chart__value" }, format(r.value)));
      });
      container.appendChild(svg);
    }
  };
}());
