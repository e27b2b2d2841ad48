// Supervisor view: queues and agents now, KPIs of a window with per-channel and per-queue charts,
// SLA alerts as they happen, and the audit log. Refreshed by live events and every 15 seconds.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var METRICS = [
    { key: "firstResponseSeconds", label: "First response time", format: "duration" },
    { key: "resolutionSeconds", label: "Time to resolution", format: "duration" },
    { key: "aiContainment", label: "AI containment", format: "share" },
    { key: "handoffRate", label: "Handoff rate", format: "share" },
    { key: "repeatContacts", label: "Repeat contacts (7 days)", format: "count" },
    { key: "csatAverage", label: "CSAT (1-5)", format: "score" },
    { key: "slaBreaches", label: "SLA breaches", format: "count" },
    { key: "conversations", label: "Conversations", format: "count" },
    { key: "resolved", label: "Resolved", format: "count" }
  ];
  var visible = false;
  var timer = null;
  var report = null;

  function format(kind, value) {
    if (value === null || value === undefined) { return "–"; }
    if (kind === "duration") { return Inbox.duration(value); }
    if (kind === "share") { return Math.round(value * 100) + " %"; }
    if (kind === "score") { return value.toFixed(2); }
    return String(value);
  }

  function cell(row, text) { row.appendChild(Inbox.node("td", null, text)); }

  function renderKpis() {
    var cards = $("kpi-cards");
    cards.textContent = "";
    METRICS.forEach(function (m) {
      var box = Inbox.node("div", "card");
      box.setAttribute("data-metric", m.key);
      box.appendChild(Inbox.node("dt", null, m.label));
      box.appendChild(Inbox.node("dd", null, format(m.format, report.overall[m.key])));
      cards.appendChild(box);
    });
    var box = Inbox.node("div", "card");
    box.appendChild(Inbox.node("dt", null, "AI drafts sent / edited / discarded"));
    box.appendChild(Inbox.node("dd", null, (report.drafts.sent || 0) + " / " + (report.drafts.edited || 0) + " / "
      + (report.drafts.discarded || 0)));
    cards.appendChild(box);
    // notifications the company's systems asked for, per purpose: what became of them
    Object.keys(report.notifications || {}).sort().forEach(function (purpose) {
      var outcomes = report.notifications[purpose];
      var card = Inbox.node("div", "card");
      card.setAttribute("data-notifications", purpose);
      card.appendChild(Inbox.node("dt", null, "Notifications (" + purpose + ") sent / waiting / skipped / expired"));
      card.appendChild(Inbox.node("dd", null, (outcomes.sent || 0) + " / " + (outcomes.scheduled || 0) + " / "
        + (outcomes.skipped || 0) + " / " + (outcomes.expired || 0)));
      cards.appendChild(card);
    });
    // agents' word on the handoff notes they received: overall, then the queues and intents where notes fall short
    var handoffs = report.handoffs && report.handoffs.overall;
    if (handoffs && handoffs.rated) {
      var notes = Inbox.node("div", "card");
      notes.setAttribute("data-handoffs", "overall");
      notes.appendChild(Inbox.node("dt", null, "Handoff notes useful / customer asked again"));
      notes.appendChild(Inbox.node("dd", null, share(handoffs.useful, handoffs.rated) + " / "
        + share(handoffs.askedAgain, handoffs.rated) + " of " + handoffs.rated));
      cards.appendChild(notes);
      [["byQueue", "queue"], ["byIntent", "intent"]].forEach(function (slice) {
        Object.keys(report.handoffs[slice[0]]).sort().forEach(function (name) {
          var q = report.handoffs[slice[0]][name];
          var card = Inbox.node("div", "card");
          card.setAttribute("data-handoffs", slice[1] + ":" + name);
          card.appendChild(Inbox.node("dt", null, "Handoff notes, " + slice[1] + " " + name));
          card.appendChild(Inbox.node("dd", null, share(q.useful, q.rated) + " useful, " + share(q.askedAgain, q.rated)
            + " asked again" + (Object.keys(q.missing).length ? "; missing: " + Object.keys(q.missing).map(function (m) {
              return m + " " + q.missing[m]; }).join(", ") : "")));
          cards.appendChild(card);
        });
      });
    }
    renderCharts();
  }

  function share(part, whole) { return whole ? Math.round(100 * part / whole) + " %" : "–"; }

  function renderCharts() {
    var metric = METRICS.filter(function (m) { return m.key === $("kpi-metric").value; })[0] || METRICS[0];
    var fmt = function (v) { return format(metric.format, v); };
    function rows(slices) {
      return Object.keys(slices).map(function (k) { return { label: k, value: slices[k][metric.key] }; });
    }
    $("chart-channel-title").textContent = metric.label + " per channel";
    $("chart-queue-title").textContent = metric.label + " per queue";
    Charts.bars($("chart-channel"), rows(report.byChannel), fmt, metric.label + " per channel");
    Charts.bars($("chart-queue"), rows(report.byQueue), fmt, metric.label + " per queue");
  }

  function renderOverview(o) {
    var body = $("queue-table").tBodies[0];
    body.textContent = "";
    o.queues.forEach(function (q) {
      var row = Inbox.node("tr");
      row.setAttribute("data-queue", q.name);
      cell(row, q.displayName);
      cell(row, q.open ? "open" : "closed" + (q.nextOpening ? ", opens " + Inbox.time(q.nextOpening) : ""));
      cell(row, q.waiting);
      cell(row, Inbox.duration(q.longestWaitSeconds));
      cell(row, q.atRisk);
      cell(row, q.breached);
      cell(row, q.agentsAvailable + " of " + q.agents);
      body.appendChild(row);
    });
    Charts.bars($("chart-waiting"), o.queues.map(function (q) { return { label: q.displayName, value: q.waiting }; }),
      String, "Waiting conversations per queue");
    var agents = $("agent-table").tBodies[0];
    agents.textContent = "";
    o.agents.forEach(function (a) {
      var row = Inbox.node("tr");
      row.setAttribute("data-agent", a.username);
      cell(row, a.displayName + " (" + a.username + ")");
      cell(row, a.presence);
      cell(row, Object.keys(a.load).map(function (c) { return c + " " + a.load[c] + "/" + (a.capacity[c] || a.capacity["default"] || 3); })
        .join(", ") || "0");
      cell(row, a.queues.join(", "));
      var td = Inbox.node("td");
      var select = Inbox.node("select");
      select.setAttribute("aria-label", "Presence of " + a.username);
      ["available", "busy", "away", "offline"].forEach(function (p) {
        var option = Inbox.node("option", null, p);
        option.value = p;
        select.appendChild(option);
      });
      select.value = a.presence;
      select.addEventListener("change", function () {
        Inbox.api("PUT", "/api/v1/agents/" + encodeURIComponent(a.username) + "/presence", { presence: select.value })
          .then(load).catch(function (e) { Inbox.announce(e.message); });
      });
      td.appendChild(select);
      row.appendChild(td);
      agents.appendChild(row);
    });
  }

  function renderAudit(events) {
    var body = $("audit-table").tBodies[0];
    body.textContent = "";
    events.forEach(function (e) {
      var row = Inbox.node("tr");
      cell(row, Inbox.time(e.at));
      cell(row, e.actor);
      cell(row, e.action);
      cell(row, e.subjectType + " " + e.subjectId.substring(0, 12));
      cell(row, Object.keys(e.detail || {}).map(function (k) { return k + "=" + e.detail[k]; }).join(", "));
      body.appendChild(row);
    });
  }

  function percent(p) {
    return p.total ? Math.round(100 * p.share) + " % (" + Math.round(100 * p.low) + "–" + Math.round(100 * p.high)
      + " %, " + p.total + ")" : "not graded yet";
  }

  function renderAi(report) {
    var asked = report.clarifications;
    $("ai-summary").textContent = "Overall " + percent(report.overall) + "; " + report.waiting
      + " answers waiting for a grade. Clarifying questions: " + asked.asked + " asked, " + asked.replied
      + " answered by the customer, " + (asked.asked ? Math.round(100 * asked.grounded.share) + " % ("
      + Math.round(100 * asked.grounded.low) + "–" + Math.round(100 * asked.grounded.high) + " %)" : "none")
      + " led to a grounded answer. ";
    var link = Inbox.node("a", null, "Review them");
    link.href = "/inbox/review.html";
    $("ai-summary").appendChild(link);
    var body = $("ai-table").querySelector("tbody");
    body.textContent = "";
    report.intents.forEach(function (i) {
      var row = Inbox.node("tr");
      row.setAttribute("data-intent", i.intent);
      cell(row, i.intent);
      cell(row, percent(i.accuracy) + (i.unsafe ? ", " + i.unsafe + " unsafe" : ""));
      cell(row, i.weeks.map(function (w) { return w.week.substring(5) + " " + Math.round(100 * w.accuracy.share) + " %"; }).join(" · "));
      var a = i.autonomy;
      cell(row, a ? (a.change ? a.change.autonomy + " (configured " + a.configured + ")" : a.configured)
        + (a && a.rollout < 100 ? ", auto for " + a.rollout + " % of customers" : "") : "");
      cell(row, a && a.change ? a.change.reason + " (" + a.change.by + ", " + Inbox.time(a.change.since) + ")"
        : (i.suggestion ? "Suggested: " + i.suggestion.reason : ""));
      body.appendChild(row);
    });
  }

  function renderGaps(groups) {
    var body = $("gap-table").querySelector("tbody");
    body.textContent = "";
    groups.slice(0, 20).forEach(function (g) {
      var row = Inbox.node("tr");
      row.setAttribute("data-gap", g.id);
      cell(row, String(g.size));
      cell(row, g.intent || "");
      cell(row, g.examples.join(" · "));
      cell(row, Inbox.time(g.lastAt));
      body.appendChild(row);
    });
  }

  function alert(a) {
    addAlert(Inbox.time(a.at) + " · a conversation in " + a.queue + " waited " + Inbox.duration(a.waitedSeconds)
      + " (SLA " + Inbox.duration(a.slaSeconds) + "): escalated");
  }

  function aiAlert(a) {
    addAlert(Inbox.time(a.at) + " · intent " + a.intent + " dropped to " + a.autonomy + ": " + a.reason);
  }

  function addAlert(text) {
    var list = $("alerts");
    list.insertBefore(Inbox.node("li", "alert", text), list.firstChild);
    while (list.childNodes.length > 20) { list.removeChild(list.lastChild); }
  }

  function load() {
    if (!visible) { return; }
    Promise.all([Inbox.api("GET", "/api/v1/kpis?window=" + $("kpi-window").value), Inbox.api("GET", "/api/v1/overview"),
      Inbox.api("GET", "/api/v1/audit?limit=50"), Inbox.api("GET", "/api/v1/ai/accuracy?weeks=8"),
      Inbox.api("GET", "/api/v1/ai/knowledge-gaps")]).then(function (loaded) {
      report = loaded[0];
      renderKpis();
      renderOverview(loaded[1]);
      renderAudit(loaded[2]);
      renderAi(loaded[3]);
      renderGaps(loaded[4]);
      $("supervisor-view").setAttribute("data-loaded", "true");
    }).catch(function (e) { Inbox.announce(e.message); });
  }

  Inbox.register("supervisor", {
    init: function () {
      if (!Inbox.session().supervisor) { return; }
      METRICS.forEach(function (m) {
        var option = Inbox.node("option", null, m.label);
        option.value = m.key;
        $("kpi-metric").appendChild(option);
      });
      $("kpi-window").addEventListener("change", load);
      $("kpi-metric").addEventListener("change", function () { if (report) { renderCharts(); } });
      Inbox.on("alert", alert);
      Inbox.on("ai-alert", function (a) { aiAlert(a); if (visible) { load(); } });
      Inbox.on("agent", function () { if (visible) { window.clearTimeout(timer); timer = window.setTimeout(load, 500); } });
      Inbox.on("conversation", function () { if (visible) { window.clearTimeout(timer); timer = window.setTimeout(load, 1000); } });
      window.setInterval(load, 15000);
      Inbox.api("GET", "/api/v1/audit?limit=20").then(function (events) {
        events.slice().reverse().forEach(function (e) {
          if (e.action === "conversation.sla-breached") {
            alert({ at: e.at, queue: e.detail.queue, waitedSeconds: e.detail.waitedSeconds, slaSeconds: e.detail.slaSeconds });
          } else if (e.action === "ai.autonomy-demoted") {
            aiAlert({ at: e.at, intent: e.subjectId, autonomy: e.detail.to, reason: "audited answers (" + e.detail.graded
              + " graded, " + e.detail.correct + " correct)" });
          }
        });
      }).catch(function () { /* alerts come live */ });
    },
    show: function () {
      visible = true;
      load();
    },
    hide: function () { visible = false; }
  });
}());
