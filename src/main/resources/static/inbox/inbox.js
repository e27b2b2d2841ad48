// The agent inbox. Plain DOM, no framework: every piece of customer or agent text is set with
// textContent (never parsed as HTML); e-mail HTML goes through SafeHtml. Live updates come over
// server-sent events; the reply being typed is kept in localStorage, so it survives an expired
// session and comes back after signing in again.
(function () {
  "use strict";
  var DRAFT_KEY = "switchboard.inbox.draft.";
  var LAST_KEY = "switchboard.inbox.last.";
  var $ = function (id) { return document.getElementById(id); };
  var state = { session: null, inbox: null, current: null, detail: null, order: [], views: {}, listeners: {},
    draftSeq: null, leaving: false };
  var timers = {};

  // ---- plumbing -------------------------------------------------------------------------------

  function announce(text) { $("live-status").textContent = text; }

  function expired() {
    if (state.leaving) { return; }
    state.leaving = true;
    saveDraft();
    window.location.assign("/inbox/login?expired");
  }

  function api(method, path, body) {
    var headers = { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (method !== "GET" && state.session && state.session.csrfHeader) {
      headers[state.session.csrfHeader] = state.session.csrfToken;
    }
    return fetch(path, { method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (response) {
      if (response.status === 401) {
        expired();
        throw new Error("Your session ended.");
      }
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!response.ok) {
          var error = new Error((data && (data.detail || data.title)) || ("The gateway answered " + response.status));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function debounce(name, fn, ms) {
    window.clearTimeout(timers[name]);
    timers[name] = window.setTimeout(fn, ms);
  }

  function on(event, fn) { (state.listeners[event] = state.listeners[event] || []).push(fn); }
  function emit(event, data) { (state.listeners[event] || []).forEach(function (fn) { fn(data); }); }

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text !== undefined && text !== null) { element.textContent = String(text); }
    return element;
  }

  function time(iso) {
    if (!iso) { return ""; }
    var d = new Date(iso);
    return d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  function since(iso) {
    if (!iso) { return ""; }
    var s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (s < 60) { return s + "s"; }
    if (s < 3600) { return Math.round(s / 60) + "m"; }
    if (s < 86400) { return Math.round(s / 3600) + "h"; }
    return Math.round(s / 86400) + "d";
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return "–"; }
    if (seconds < 60) { return Math.round(seconds) + " s"; }
    if (seconds < 3600) { return (seconds / 60).toFixed(1) + " min"; }
    return (seconds / 3600).toFixed(1) + " h";
  }

  function channelBadge(channel) {
    var badge = node("span", "badge badge--" + (channel || "unknown").replace(/[^a-z0-9-]/g, ""), channel || "?");
    badge.setAttribute("title", "Channel: " + (channel || "unknown"));
    return badge;
  }

  function isMe(name) { return state.session && name === state.session.username; }

  // addresses travel as "channel:value"
  function channelOf(address) { return String(address).split(":")[0]; }
  function valueOf(address) { return String(address).substring(String(address).indexOf(":") + 1); }

  // ---- drafts kept in the browser -------------------------------------------------------------

  function draftKey(conversation) {
    return DRAFT_KEY + (state.session ? state.session.username : "") + "." + conversation;
  }

  function saveDraft() {
    if (!state.current || !state.session) { return; }
    try {
      var text = $("reply-text").value;
      if (text.trim()) {
        window.localStorage.setItem(draftKey(state.current), JSON.stringify({ text: text, note: $("as-note").checked }));
      } else {
        window.localStorage.removeItem(draftKey(state.current));
      }
      window.localStorage.setItem(LAST_KEY + state.session.username, state.current);
    } catch (e) { /* storage full or disabled: the draft lives on screen only */ }
  }

  function restoreDraft() {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(draftKey(state.current)) || "null"); } catch (e) { saved = null; }
    $("reply-text").value = saved ? saved.text : "";
    $("as-note").checked = !!(saved && saved.note);
    if (saved) { $("composer-status").textContent = "Your unsent reply was restored."; }
  }

  function clearDraft() {
    try { window.localStorage.removeItem(draftKey(state.current)); } catch (e) { /* nothing kept */ }
  }

  // ---- conversation lists ---------------------------------------------------------------------

  function loadInbox() {
    return api("GET", "/api/v1/inbox").then(function (inbox) {
      state.inbox = inbox;
      renderLists();
      emit("inbox", inbox);
    }).catch(function (e) { announce(e.message); });
  }

  function slaText(s) {
    return s === "breached" ? "Past SLA" : s === "at-risk" ? "SLA at risk" : "Within SLA";
  }

  // the filters above the lists: what the agent chose, applied to every list
  function filtered(items) {
    var channel = $("filter-channel").value;
    var intent = $("filter-intent").value;
    var status = $("filter-status").value;
    var unverified = $("filter-unverified").checked;
    return items.filter(function (item) {
      return (!channel || item.channel === channel) && (!intent || item.intent === intent)
        && (!status || item.status === status) && (!unverified || item.unverified);
    });
  }

  // each filter offers the values the lists hold now, keeping the one chosen
  function fillFilters() {
    var all = state.inbox.mine.slice();
    state.inbox.queues.forEach(function (q) { all = all.concat(q.items); });
    [["filter-channel", "channel", "Any channel"], ["filter-intent", "intent", "Any intent"],
      ["filter-status", "status", "Any status"]].forEach(function (f) {
      var select = $(f[0]);
      var chosen = select.value;
      var values = [];
      all.forEach(function (item) {
        if (item[f[1]] && values.indexOf(item[f[1]]) < 0) { values.push(item[f[1]]); }
      });
      if (chosen && values.indexOf(chosen) < 0) { values.push(chosen); }
      values.sort();
      select.textContent = "";
      var any = node("option", null, f[2]);
      any.value = "";
      select.appendChild(any);
      values.forEach(function (v) {
        var option = node("option", null, v);
        option.value = v;
        select.appendChild(option);
      });
      select.value = chosen;
    });
  }

  function fillList(list, items, order) {
    list.textContent = "";
    items = filtered(items);
    if (!items.length) {
      list.appendChild(node("li", "items__empty", "Nothing here."));
      return;
    }
    items.forEach(function (item) {
      order.push(item.id);
      var li = node("li");
      var button = node("button", "item");
      button.type = "button";
      button.setAttribute("data-id", item.id);
      if (item.id === state.current) { button.setAttribute("aria-current", "true"); }
      var top = node("span", "item__top");
      top.appendChild(channelBadge(item.channel));
      top.appendChild(node("span", "item__customer", item.customer));
      if (item.unverified) { top.appendChild(unverifiedBadge(item.unverified)); }
      top.appendChild(node("span", "item__wait", since(item.waitingSince)));
      var bottom = node("span", "item__bottom");
      if (item.slaState) { bottom.appendChild(node("span", "sla sla--" + item.slaState, slaText(item.slaState))); }
      if (item.unread) { bottom.appendChild(node("span", "unread", item.unread + " unread")); }
      bottom.appendChild(node("span", "item__preview", item.preview));
      button.appendChild(top);
      button.appendChild(bottom);
      button.addEventListener("click", function () { open(item.id); });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  // ---- search ---------------------------------------------------------------------------------

  // a snippet is text: the stretches that matched become <mark> elements, never parsed as HTML
  function snippetNode(snippet) {
    var out = node("span", "item__snippet");
    var text = snippet.text || "";
    var at = 0;
    (snippet.highlights || []).forEach(function (h) {
      if (h.start < at) { return; }
      out.appendChild(document.createTextNode(text.slice(at, h.start)));
      out.appendChild(node("mark", null, text.slice(h.start, h.end)));
      at = h.end;
    });
    out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }

  function search(more) {
    var q = $("search-q").value.trim();
    if (!q) { closeSearch(); return; }
    var url = "/api/v1/search?limit=20&q=" + encodeURIComponent(q)
      + (more && state.searchNext ? "&cursor=" + encodeURIComponent(state.searchNext) : "");
    api("GET", url).then(function (page) {
      var hits = $("search-hits");
      if (!more) { hits.textContent = ""; }
      page.hits.forEach(function (hit) {
        var li = node("li");
        var button = node("button", "item");
        button.type = "button";
        button.setAttribute("data-hit", hit.conversationId);
        var top = node("span", "item__top");
        top.appendChild(channelBadge(hit.snippet.channel || hit.channel));
        top.appendChild(node("span", "item__customer", hit.customer));
        if (hit.unverified) { top.appendChild(unverifiedBadge(hit.unverified)); }
        top.appendChild(node("span", "item__wait", hit.status + " · " + since(hit.at)));
        button.appendChild(top);
        button.appendChild(snippetNode(hit.snippet));
        button.addEventListener("click", function () { open(hit.conversationId); });
        li.appendChild(button);
        hits.appendChild(li);
      });
      state.searchNext = page.next || null;
      $("search-more").hidden = !state.searchNext;
      var count = hits.children.length;
      $("search-title").textContent = count ? count + (state.searchNext ? "+" : "") + " found for “" + q + "”"
        : "Nothing found for “" + q + "”";
      $("search-results").hidden = false;
      var first = hits.querySelector("button");
      if (first && !more) { first.focus(); }
    }).catch(function (e) { announce("Search failed: " + e.message); });
  }

  function closeSearch() {
    $("search-results").hidden = true;
    $("search-hits").textContent = "";
    state.searchNext = null;
  }

  // arrows move through the results; Esc goes back to the search box and closes them
  function searchKeys(e) {
    var buttons = Array.prototype.slice.call($("search-hits").querySelectorAll("button"));
    var i = buttons.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!buttons.length) { return; }
      e.preventDefault();
      var next = e.key === "ArrowDown" ? Math.min(buttons.length - 1, i + 1) : Math.max(0, i - 1);
      buttons[next].focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      closeSearch();
      $("search-q").focus();
    }
  }

  function renderLists() {
    fillFilters();
    var order = [];
    fillList($("mine"), state.inbox.mine, order);
    var queues = $("queues");
    queues.textContent = "";
    state.inbox.queues.forEach(function (q) {
      var section = node("section", "queue");
      var title = node("h2", "lists__title", q.displayName + " · " + q.waiting + " waiting" + (q.open ? "" : " · closed"));
      title.id = "queue-title-" + q.name;
      var list = node("ul", "items");
      list.setAttribute("aria-labelledby", title.id);
      list.setAttribute("data-queue", q.name);
      fillList(list, q.items, order);
      section.appendChild(title);
      section.appendChild(list);
      queues.appendChild(section);
    });
    state.order = order;
  }

  function move(step) {
    if (!state.order.length) { return; }
    var i = state.order.indexOf(state.current);
    var next = state.order[Math.max(0, Math.min(state.order.length - 1, i < 0 ? 0 : i + step))];
    open(next);
    var button = document.querySelector(".item[data-id='" + next + "']");
    if (button) { button.focus(); }
  }

  // ---- one conversation -----------------------------------------------------------------------

  function open(id) {
    if (state.current && state.current !== id) { saveDraft(); }
    var changed = state.current !== id;
    state.current = id;
    state.draftSeq = changed ? null : state.draftSeq;
    document.querySelectorAll(".item[aria-current]").forEach(function (b) { b.removeAttribute("aria-current"); });
    var button = document.querySelector(".item[data-id='" + id + "']");
    if (button) { button.setAttribute("aria-current", "true"); }
    return Promise.all([api("GET", "/api/v1/conversations/" + id),
      api("GET", "/api/v1/conversations/" + id + "/canned-responses")]).then(function (loaded) {
      if (state.current !== id) { return; }
      renderConversation(loaded[0], loaded[1]);
      if (changed) {
        restoreDraft();
        saveDraft();
      }
      loadCustomer(loaded[0].customerId);
      var last = loaded[0].turns.length ? loaded[0].turns[loaded[0].turns.length - 1].seq : 0;
      if (loaded[0].inbox && loaded[0].inbox.unread) { api("POST", "/api/v1/conversations/" + id + "/read", { seq: last }); }
    }).catch(function (e) {
      $("empty").hidden = false;
      $("conversation-body").hidden = true;
      $("empty").textContent = e.status === 403 ? "This conversation is not in your queues." : e.message;
    });
  }

  function refreshCurrent() {
    if (state.current) { open(state.current); }
  }

  function authorLabel(turn) {
    if (turn.author === "customer") { return "Customer"; }
    if (turn.author === "ai") { return "AI" + (turn.authorName ? " (" + turn.authorName + ")" : ""); }
    if (turn.author === "system") { return "Switchboard"; }
    return turn.authorName ? "Agent " + turn.authorName : "Agent";
  }

  function renderTurn(turn) {
    var kind = (turn.metadata && turn.metadata.kind) || "";
    var item = node("li", "turn turn--" + turn.author + (turn.internal ? " turn--internal" : ""));
    item.setAttribute("data-seq", String(turn.seq));
    item.setAttribute("data-author", turn.author);
    if (kind) { item.setAttribute("data-kind", kind); }
    var meta = node("div", "turn__meta");
    meta.appendChild(channelBadge(turn.channel || (turn.internal ? "note" : "")));
    meta.appendChild(node("span", "turn__author", authorLabel(turn)));
    if (turn.internal) { meta.appendChild(node("span", "tag", kind === "ai-draft" ? "AI draft" : "Internal note")); }
    if (kind === "notification") {
      meta.appendChild(node("span", "tag", "Notification · " + (turn.metadata.purpose || "") + " · " + (turn.metadata.template || "")));
    }
    if (turn.metadata && turn.metadata.unverified) { meta.appendChild(unverifiedBadge(turn.metadata.unverified)); }
    // the exact recipient of everything that went out
    if (turn.author !== "customer" && !turn.internal && turn.address) {
      meta.appendChild(node("span", "turn__to", "To " + valueOf(turn.address)));
    }
    var when = node("time", "turn__time", time(turn.at));
    when.setAttribute("datetime", turn.at);
    meta.appendChild(when);
    if (turn.delivery) {
      var delivery = node("span", "delivery delivery--" + turn.delivery.status, turn.delivery.status);
      delivery.setAttribute("data-status", turn.delivery.status);
      delivery.setAttribute("title", "Delivery" + (turn.delivery.detail ? ": " + turn.delivery.detail : ""));
      meta.appendChild(delivery);
    }
    item.appendChild(meta);
    if (turn.subject) { item.appendChild(node("p", "turn__subject", "Subject: " + turn.subject)); }
    if (turn.metadata && turn.metadata.html) {
      var html = node("div", "turn__html");
      html.appendChild(window.SafeHtml.render(turn.metadata.html));
      item.appendChild(html);
    } else if (turn.metadata && turn.metadata.textRemoved) {
      // retention removed what was said; who, when and where stay
      item.appendChild(node("div", "turn__text turn__text--removed",
        "Text removed: past the " + turn.metadata.textRemoved + " retention window"));
    } else {
      item.appendChild(node("div", "turn__text", turn.text));
    }
    if (turn.metadata && typeof turn.metadata.original === "string" && turn.metadata.original.indexOf(MAIL_API) === 0) {
      item.appendChild(originalMail(turn.metadata.original));
    }
    if (turn.attachments && turn.attachments.length) {
      var files = node("ul", "attachments");
      files.setAttribute("aria-label", "Attachments");
      turn.attachments.forEach(function (a) {
        files.appendChild(node("li", null, a.name + " (" + a.mediaType + (a.size >= 0 ? ", " + a.size + " bytes" : "") + ")"));
      });
      item.appendChild(files);
    }
    return item;
  }

  // The archived original of an e-mail turn: its full text, its HTML (sanitised by the gateway and again
  // here, never injected raw) and its attachments as downloads; loaded only when the agent opens it.
  var MAIL_API = "/api/v1/email/messages/";

  function sameOriginMailLink(href) {
    return typeof href === "string" && href.indexOf(MAIL_API) === 0 ? href : null;
  }

  function originalMail(path) {
    var box = node("details", "turn__original");
    box.appendChild(node("summary", null, "Original e-mail"));
    var body = node("div", "turn__original-body");
    box.appendChild(body);
    box.addEventListener("toggle", function () {
      if (!box.open || box.getAttribute("data-loaded")) { return; }
      box.setAttribute("data-loaded", "true");
      body.textContent = "Loading…";
      api("GET", path).then(function (mail) {
        body.textContent = "";
        if (mail.html && sameOriginMailLink(mail.html)) {
          return fetch(mail.html, { credentials: "same-origin" }).then(function (r) { return r.text(); })
            .then(function (html) {
              var shown = node("div", "turn__html");
              shown.appendChild(window.SafeHtml.render(html));
              body.appendChild(shown);
              return mail;
            });
        }
        body.appendChild(node("div", "turn__text", mail.text));
        return mail;
      }).then(function (mail) {
        var links = node("ul", "attachments");
        (mail.attachments || []).forEach(function (a) {
          var href = sameOriginMailLink(a.href);
          if (!href) { return; }
          var link = node("a", null, a.name + " (" + a.mediaType + ", " + a.size + " bytes)");
          link.href = href;
          link.setAttribute("download", "");
          var entry = node("li");
          entry.appendChild(link);
          links.appendChild(entry);
        });
        var raw = sameOriginMailLink(mail.original);
        if (raw) {
          var source = node("a", null, "Download the original message");
          source.href = raw;
          source.setAttribute("download", "");
          var entry = node("li");
          entry.appendChild(source);
          links.appendChild(entry);
        }
        body.appendChild(links);
      }).catch(function (e) { body.textContent = e.message; });
    });
    return box;
  }

  function stateLine(d) {
    var parts = [d.status.replace(/-/g, " ")];
    if (d.queue) { parts.push("queue " + d.queue); }
    parts.push(d.assignee ? "with " + d.assignee : "nobody owns it");
    var w = d.inbox && d.inbox.waiting;
    if (w) {
      parts.push("waiting " + duration(w.waitedSeconds) + " of " + duration(w.slaSeconds) + " SLA (" + slaText(w.slaState) + ")");
      if (!w.queueOpen && w.nextOpening) { parts.push("queue opens " + time(w.nextOpening)); }
    }
    return parts.join(" · ");
  }

  function customerLabel(d) {
    var lists = state.inbox ? state.inbox.mine.concat.apply(state.inbox.mine, state.inbox.queues.map(function (q) {
      return q.items;
    })) : [];
    var item = lists.filter(function (i) { return i.id === d.id; })[0];
    return item ? item.customer : "Customer";
  }

  // a sender the channel could not vouch for (an e-mail without DMARC evidence): never taken for the address's owner
  function unverifiedBadge(reason) {
    var badge = node("span", "unverified", "Unverified sender");
    badge.setAttribute("title", "Not verified: " + reason);
    return badge;
  }

  /** "Did the note have what you needed?": asked once per handoff note of the agent who has the conversation. */
  function handoffRating(conversationId, seq) {
    var form = node("form", "handoff__rating");
    form.setAttribute("data-note", String(seq));
    form.setAttribute("data-conversation", conversationId);
    function question(name, text) {
      var set = node("fieldset");
      set.appendChild(node("legend", null, text));
      ["yes", "no"].forEach(function (v) {
        var label = node("label");
        var input = node("input");
        input.type = "radio";
        input.name = name + "-" + seq;
        input.value = v;
        input.required = true;
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + v));
        set.appendChild(label);
      });
      return set;
    }
    form.appendChild(question("useful", "Did the note have what you needed?"));
    var missing = node("fieldset", "handoff__missing");
    missing.appendChild(node("legend", null, "If not, what was missing?"));
    [["goal", "the goal"], ["order-or-account", "order or account facts"], ["what-was-tried", "what was tried"],
      ["other", "other"]].forEach(function (m) {
      var label = node("label");
      var box = node("input");
      box.type = "checkbox";
      box.name = "missing-" + seq;
      box.value = m[0];
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + m[1]));
      missing.appendChild(label);
    });
    form.appendChild(missing);
    form.appendChild(question("asked", "Did you have to ask the customer something they had already said?"));
    var send = node("button", null, "Send");
    send.type = "submit";
    form.appendChild(send);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var useful = form.querySelector("input[name=useful-" + seq + "]:checked").value === "yes";
      var lacking = [];
      form.querySelectorAll("input[name=missing-" + seq + "]:checked").forEach(function (b) { lacking.push(b.value); });
      api("POST", "/api/v1/conversations/" + encodeURIComponent(conversationId) + "/handoff-ratings", {
        seq: seq, useful: useful, missing: useful ? [] : lacking,
        askedAgain: form.querySelector("input[name=asked-" + seq + "]:checked").value === "yes"
      }).then(function () {
        form.replaceWith(node("p", "handoff__rated", "Thank you: noted."));
        announce("Handoff note rated.");
      }).catch(function (e) { announce(e.message); });
    });
    return form;
  }

  function renderConversation(d, canned) {
    state.detail = d;
    $("empty").hidden = true;
    $("conversation-body").hidden = false;
    $("conversation-title").textContent = customerLabel(d) + " · on " + (d.channel || "?") + " · started " + time(d.createdAt);
    $("conversation-state").textContent = stateLine(d);
    $("unverified").hidden = !d.unverified;
    $("unverified-reason").textContent = d.unverified
        ? "The sender could not be verified (" + d.unverified + "). This conversation is kept apart from the "
          + "customer who owns the address; merge it into that customer only on evidence." : "";
    var resolved = d.status === "resolved";
    $("pick").disabled = !(d.status === "queued" && !d.assignee);
    $("release").disabled = !isMe(d.assignee) || resolved;
    $("hand-back").disabled = resolved;
    $("transfer-open").disabled = resolved;
    $("resolve").disabled = resolved;

    var notes = (d.inbox && d.inbox.handoffNotes) || [];
    $("handoff").hidden = !notes.length;
    var holder = $("handoff-notes");
    // a rating being filled in survives a live update that redraws the notes
    var filling = {};
    holder.querySelectorAll("form.handoff__rating").forEach(function (f) {
      if (f.getAttribute("data-conversation") === d.id) { filling[f.getAttribute("data-note")] = f; }
    });
    holder.textContent = "";
    notes.forEach(function (n) {
      var p = node("div", "handoff__note");
      p.appendChild(node("p", "handoff__meta", authorLabel(n) + " · " + time(n.at)));
      p.appendChild(node("p", "handoff__text", n.metadata && n.metadata.textRemoved
        ? "Text removed: past the " + n.metadata.textRemoved + " retention window" : n.text));
      var rated = (d.inbox.ratedNotes || []).indexOf(n.seq) >= 0;
      if (n.metadata && n.metadata.kind === "handoff" && !rated && isMe(d.assignee)) {
        p.appendChild(filling[String(n.seq)] || handoffRating(d.id, n.seq));
      }
      holder.appendChild(p);
    });

    var draft = d.inbox && d.inbox.draft;
    $("draft").hidden = !draft;
    if (draft && state.draftSeq !== draft.seq) {
      state.draftSeq = draft.seq;
      $("draft-text").value = draft.text;
    }

    var timeline = $("timeline");
    var atBottom = timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < 40;
    timeline.textContent = "";
    d.turns.forEach(function (t) { timeline.appendChild(renderTurn(t)); });
    if (atBottom) { timeline.scrollTop = timeline.scrollHeight; }
    $("older").hidden = !(d.olderTurns > 0);

    var channels = $("reply-channel");
    var chosen = channels.value;
    channels.textContent = "";
    var replyChannels = (d.inbox && d.inbox.replyChannels) || [];
    replyChannels.forEach(function (c, i) {
      var option = node("option", null, i === 0 ? c + " (preferred)" : c);
      option.value = i === 0 ? "" : c;
      channels.appendChild(option);
    });
    if (!replyChannels.length) { channels.appendChild(node("option", null, "no channel reaches the customer")); }
    if (chosen && replyChannels.indexOf(chosen) > 0) { channels.value = chosen; }
    showLimit();

    var select = $("canned");
    select.textContent = "";
    select.appendChild(node("option", null, "Insert…"));
    select.firstChild.value = "";
    (canned || []).forEach(function (c) {
      var option = node("option", null, c.title);
      option.value = c.id;
      option.setAttribute("data-text", c.text);
      select.appendChild(option);
    });
  }

  function loadOlder() {
    var first = state.detail.turns.length ? state.detail.turns[0].seq : Number.MAX_SAFE_INTEGER;
    api("GET", "/api/v1/conversations/" + state.current + "/turns?before=" + first + "&limit=50").then(function (older) {
      var timeline = $("timeline");
      older.forEach(function (t) { timeline.insertBefore(renderTurn(t), timeline.firstChild); });
      state.detail.turns = older.slice().reverse().concat(state.detail.turns);
      $("older").hidden = !older.length || older[older.length - 1].seq <= 1;
    });
  }

  function act(path, body, done) {
    return api("POST", "/api/v1/conversations/" + state.current + path, body).then(function () {
      announce(done);
      refreshCurrent();
      loadInbox();
    }).catch(function (e) { announce(e.message); });
  }

  // what the channel a reply goes on carries: the count against its limit, over it said before sending
  function showLimit() {
    var d = state.detail;
    var limits = (d && d.inbox && d.inbox.replyLimits) || {};
    var replyChannels = (d && d.inbox && d.inbox.replyChannels) || [];
    var channel = $("reply-channel").value || replyChannels[0];
    var max = limits[channel];
    var out = $("reply-limit");
    if (!max || $("as-note").checked) {
      out.textContent = "";
      out.removeAttribute("data-over");
      return;
    }
    var length = Array.from($("reply-text").value.trim()).length;
    out.textContent = length + " / " + max + " characters on " + channel
      + (length > max ? ": too long for " + channel + ", shorten it or send on another channel" : "");
    if (length > max) { out.setAttribute("data-over", "true"); } else { out.removeAttribute("data-over"); }
  }

  function send(event) {
    event.preventDefault();
    var text = $("reply-text").value.trim();
    if (!text || !state.current) { return; }
    var note = $("as-note").checked;
    var conversation = state.current;
    $("send").disabled = true;
    var request = note ? api("POST", "/api/v1/conversations/" + conversation + "/notes", { text: text })
      : api("POST", "/api/v1/conversations/" + conversation + "/replies", { text: text, channel: $("reply-channel").value || null });
    request.then(function () {
      if (state.current === conversation) {
        $("reply-text").value = "";
        $("as-note").checked = false;
      }
      try { window.localStorage.removeItem(draftKey(conversation)); } catch (e) { /* nothing kept */ }
      $("composer-status").textContent = note ? "Note saved." : "Reply sent.";
      refreshCurrent();
    }).catch(function (e) {
      $("composer-status").textContent = "Not sent: " + e.message;
    }).then(function () { $("send").disabled = false; });
  }

  // ---- the customer ---------------------------------------------------------------------------

  function loadCustomer(id) {
    api("GET", "/api/v1/customers/" + id).then(renderCustomer).catch(function (e) {
      $("customer-body").hidden = true;
      $("customer-status").textContent = e.message;
    });
  }

  function renderCustomer(view) {
    var c = view.customer;
    state.customer = view;
    $("customer-body").hidden = false;
    $("customer-name").textContent = c.displayName || "No name known";
    var addresses = $("customer-addresses");
    addresses.textContent = "";
    (c.addresses || []).forEach(function (a) {
      var li = node("li");
      li.appendChild(channelBadge(channelOf(a)));
      li.appendChild(node("span", null, " " + valueOf(a)));
      addresses.appendChild(li);
    });
    (c.claims || []).forEach(function (claim) {
      var li = node("li", "claim");
      li.appendChild(node("span", null, "Claimed, not confirmed: " + claim.address + " "));
      var confirm = node("button", "link", "Confirm");
      confirm.type = "button";
      confirm.addEventListener("click", function () {
        api("POST", "/api/v1/customers/" + c.id + "/claims/confirm", { address: claim.address })
          .then(function () { loadCustomer(c.id); }).catch(function (e) { $("customer-status").textContent = e.message; });
      });
      li.appendChild(confirm);
      addresses.appendChild(li);
    });
    var preferred = $("preferred-channel");
    preferred.textContent = "";
    var none = node("option", null, "No preference");
    none.value = "";
    preferred.appendChild(none);
    Array.from(new Set((c.addresses || []).map(channelOf))).forEach(function (channel) {
      var option = node("option", null, channel);
      option.value = channel;
      preferred.appendChild(option);
    });
    preferred.value = c.preferenceExplicit && c.preferredChannel ? c.preferredChannel : "";
    var optouts = $("customer-optouts");
    optouts.textContent = "";
    (c.optedOut || []).forEach(function (a) { optouts.appendChild(node("li", null, a)); });
    if (!(c.optedOut || []).length) { optouts.appendChild(node("li", "muted", "None")); }
    var consent = $("customer-consent");
    consent.textContent = "";
    (view.consent || []).forEach(function (s) {
      var li = node("li");
      li.dataset.address = s.address;
      li.dataset.purpose = s.purpose;
      li.dataset.granted = String(s.granted);
      var how = s.record ? " (" + s.record.source + (s.record.source === "agent" ? " " + s.record.actor : "")
        + " · " + time(s.record.at) + ")" : " (default)";
      li.appendChild(channelBadge(channelOf(s.address)));
      li.appendChild(node("span", null, " " + valueOf(s.address) + " · " + s.purpose + ": "
        + (s.granted ? "given" : "not given") + how + " "));
      var change = node("button", "link", s.granted ? "Withdraw" : "Give");
      change.type = "button";
      change.addEventListener("click", function () {
        api("PUT", "/api/v1/customers/" + c.id + "/consent", { address: s.address, purpose: s.purpose,
          granted: !s.granted, source: "agent", words: "recorded by an agent in the inbox" })
          .then(function () { $("customer-status").textContent = "Consent recorded."; loadCustomer(c.id); })
          .catch(function (e) { $("customer-status").textContent = e.message; });
      });
      li.appendChild(change);
      consent.appendChild(li);
    });
    var csat = $("customer-csat");
    csat.textContent = "";
    ((state.detail && state.detail.inbox && state.detail.inbox.csat) || []).forEach(function (a) {
      csat.appendChild(node("li", null, a.score + " of 5 on " + a.channel + " · " + time(a.answeredAt)));
    });
    if (!csat.childNodes.length) { csat.appendChild(node("li", "muted", "No rating for this conversation")); }
    var history = $("customer-history");
    history.textContent = "";
    (view.conversations || []).forEach(function (s) {
      var li = node("li");
      var button = node("button", "link", s.status + " · " + time(s.updatedAt) + (s.id === state.current ? " (this one)" : ""));
      button.type = "button";
      button.addEventListener("click", function () { open(s.id); });
      li.appendChild(button);
      history.appendChild(li);
    });
    var links = $("customer-links");
    links.textContent = "";
    (view.links || []).forEach(function (link) {
      var li = node("li", null, link.kind + " " + (link.addresses || []).join(", ") + " by " + link.actor + " · " + time(link.createdAt) + (link.evidence ? " · " + link.evidence : "")
        + (link.reversedAt ? " · undone by " + link.reversedBy : ""));
      if (!link.reversedAt) {
        var undo = node("button", "link", "Undo");
        undo.type = "button";
        undo.addEventListener("click", function () {
          api("POST", "/api/v1/customers/" + c.id + "/unmerge", { linkId: link.id }).then(function () {
            loadCustomer(c.id);
            refreshCurrent();
          }).catch(function (e) { $("customer-status").textContent = e.message; });
        });
        li.appendChild(undo);
      }
      links.appendChild(li);
    });
    if (!(view.links || []).length) { links.appendChild(node("li", "muted", "None")); }
  }

  // ---- live updates ---------------------------------------------------------------------------

  function connectLive() {
    var source = new EventSource("/api/v1/inbox/events");
    source.addEventListener("hello", function () { announce("Live updates on."); });
    source.addEventListener("conversation", function (e) {
      var data = JSON.parse(e.data);
      debounce("lists", loadInbox, 250);
      if (data.id === state.current) { debounce("detail", refreshCurrent, 150); }
      emit("conversation", data);
    });
    source.addEventListener("agent", function (e) {
      var data = JSON.parse(e.data);
      if (isMe(data.username)) { $("presence").value = data.presence; }
      emit("agent", data);
    });
    source.addEventListener("alert", function (e) {
      var data = JSON.parse(e.data);
      announce("Alert: a conversation in " + data.queue + " waited past its SLA.");
      emit("alert", data);
    });
    source.addEventListener("ai-alert", function (e) {
      var data = JSON.parse(e.data);
      announce("Alert: intent " + data.intent + " no longer answered by the AI by itself.");
      emit("ai-alert", data);
    });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) {
        api("GET", "/api/v1/session").then(function () {
          announce("Live updates interrupted; reconnecting…");
          window.setTimeout(connectLive, 3000);
        }).catch(function () { /* expired() took over */ });
      }
    });
  }

  // ---- views and keys -------------------------------------------------------------------------

  function show(view) {
    ["inbox", "supervisor", "admin"].forEach(function (name) {
      $(name + "-view").hidden = name !== view;
      $("view-" + name).setAttribute("aria-pressed", String(name === view));
    });
    Object.keys(state.views).forEach(function (name) {
      if (name !== view && state.views[name].hide) { state.views[name].hide(); }
    });
    if (state.views[view] && state.views[view].show) { state.views[view].show(); }
  }

  var awaitingG = false;
  function keys(e) {
    var target = e.target;
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable;
    if (target.id === "reply-text" && e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      $("composer").requestSubmit();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey || document.querySelector("dialog[open]")) { return; }
    if (awaitingG) {
      awaitingG = false;
      var views = { i: "inbox", s: "supervisor", a: "admin" };
      if (views[e.key] && !$("view-" + views[e.key]).hidden) { show(views[e.key]); }
      return;
    }
    var actions = {
      j: function () { move(1); },
      k: function () { move(-1); },
      r: function () { $("as-note").checked = false; $("reply-text").focus(); },
      n: function () { $("as-note").checked = true; $("reply-text").focus(); },
      p: function () { if (!$("pick").disabled) { $("pick").click(); } },
      t: function () { if (!$("transfer-open").disabled) { $("transfer-open").click(); } },
      e: function () { if (!$("resolve").disabled) { $("resolve").click(); } },
      "?": function () { $("help-dialog").showModal(); },
      "/": function () { show("inbox"); $("search-q").focus(); $("search-q").select(); },
      g: function () { awaitingG = true; }
    };
    if (actions[e.key] && (state.current || "jk?g/".indexOf(e.key) >= 0)) {
      e.preventDefault();
      actions[e.key]();
    }
  }

  function openTransfer() {
    var agents = $("transfer-agent");
    var queues = $("transfer-queue");
    Promise.all([api("GET", "/api/v1/agents"), Promise.resolve(state.inbox.allQueues || [])]).then(function (loaded) {
      agents.length = 1;
      queues.length = 1;
      loaded[0].filter(function (a) { return !isMe(a.username); }).forEach(function (a) {
        var option = node("option", null, a.displayName + " (" + a.presence + ", " + a.active + " open)");
        option.value = a.username;
        agents.appendChild(option);
      });
      loaded[1].forEach(function (q) {
        var option = node("option", null, q.displayName);
        option.value = q.name;
        queues.appendChild(option);
      });
      $("transfer-note").value = "";
      $("transfer-dialog").showModal();
    }).catch(function (e) { announce(e.message); });
  }

  function start() {
    api("GET", "/api/v1/session").then(function (session) {
      state.session = session;
      $("me").textContent = session.username + " · " + session.roles.join(", ");
      $("presence").value = session.agent.presence;
      $("logout-csrf").name = session.csrfParameter;
      $("logout-csrf").value = session.csrfToken;
      $("view-supervisor").hidden = !session.supervisor;
      $("view-admin").hidden = !session.admin;
      Object.keys(state.views).forEach(function (name) {
        if (state.views[name].init) { state.views[name].init(); }
      });
      connectLive();
      return loadInbox().then(function () {
        var last = null;
        try { last = window.localStorage.getItem(LAST_KEY + session.username); } catch (e) { last = null; }
        if (last) { open(last); }
      });
    }).catch(function (e) { announce(e.message); });

    $("view-inbox").addEventListener("click", function () { show("inbox"); });
    $("view-supervisor").addEventListener("click", function () { show("supervisor"); });
    $("view-admin").addEventListener("click", function () { show("admin"); });
    $("help").addEventListener("click", function () { $("help-dialog").showModal(); });
    $("presence").addEventListener("change", function () {
      api("PUT", "/api/v1/agents/me/presence", { presence: $("presence").value })
        .then(function (me) { announce("You are " + me.presence + "."); loadInbox(); })
        .catch(function (e) { announce(e.message); });
    });
    $("composer").addEventListener("submit", send);
    $("reply-text").addEventListener("input", function () { debounce("draft", saveDraft, 200); showLimit(); });
    $("reply-channel").addEventListener("change", showLimit);
    $("as-note").addEventListener("change", showLimit);
    $("as-note").addEventListener("change", saveDraft);
    $("canned").addEventListener("change", function () {
      var option = $("canned").selectedOptions[0];
      if (option && option.value) {
        var box = $("reply-text");
        box.value = box.value ? box.value + "\n" + option.getAttribute("data-text") : option.getAttribute("data-text");
        saveDraft();
        box.focus();
      }
      $("canned").value = "";
    });
    $("older").addEventListener("click", loadOlder);
    $("pick").addEventListener("click", function () { act("/pick", undefined, "The conversation is yours."); });
    $("release").addEventListener("click", function () { act("/release", undefined, "Back in the queue."); });
    $("hand-back").addEventListener("click", function () { act("/hand-back", {}, "Handed back to the AI."); });
    $("resolve").addEventListener("click", function () { act("/resolve", undefined, "Resolved."); });
    $("transfer-open").addEventListener("click", openTransfer);
    $("transfer-dialog").addEventListener("close", function () {
      if ($("transfer-dialog").returnValue !== "transfer") { return; }
      var agent = $("transfer-agent").value;
      var queue = $("transfer-queue").value;
      if (!agent && !queue) { announce("Choose an agent or a queue to transfer to."); return; }
      act("/transfer", { agent: agent || null, queue: agent ? null : queue, note: $("transfer-note").value },
        "Transferred.");
    });
    $("draft-send").addEventListener("click", function () {
      act("/drafts/" + state.draftSeq + "/send", { text: $("draft-text").value, channel: $("reply-channel").value || null },
        "Draft sent.");
    });
    $("draft-discard").addEventListener("click", function () {
      act("/drafts/" + state.draftSeq + "/discard", undefined, "Draft discarded.");
    });
    $("preference-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var id = state.customer.customer.id;
      api("PUT", "/api/v1/customers/" + id + "/preferred-channel", { channel: $("preferred-channel").value || null })
        .then(function () { $("customer-status").textContent = "Preference saved."; loadCustomer(id); refreshCurrent(); })
        .catch(function (err) { $("customer-status").textContent = err.message; });
    });
    $("link-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var id = state.customer.customer.id;
      api("POST", "/api/v1/customers/" + id + "/addresses", { address: $("link-address").value.trim(),
        evidence: $("link-evidence").value.trim() || null })
        .then(function () { $("link-form").reset(); $("customer-status").textContent = "Address linked."; loadCustomer(id); })
        .catch(function (err) { $("customer-status").textContent = err.message; });
    });
    $("merge-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var id = state.customer.customer.id;
      api("POST", "/api/v1/customers/" + id + "/merge", { customerId: $("merge-customer").value.trim() })
        .then(function () { $("merge-form").reset(); $("customer-status").textContent = "Customers merged."; loadCustomer(id); })
        .catch(function (err) { $("customer-status").textContent = err.message; });
    });
    document.addEventListener("keydown", keys);
    ["filter-channel", "filter-intent", "filter-status", "filter-unverified"].forEach(function (id) {
      $(id).addEventListener("change", renderLists);
    });
    $("search").addEventListener("submit", function (e) { e.preventDefault(); search(false); });
    $("search-more").addEventListener("click", function () { search(true); });
    $("search-results").addEventListener("keydown", searchKeys);
    $("search-q").addEventListener("keydown", function (e) {
      if (e.key === "Escape") { closeSearch(); }
      if (e.key === "ArrowDown" && !$("search-results").hidden) { searchKeys(e); }
    });
    window.addEventListener("beforeunload", saveDraft);
  }

  window.Inbox = {
    api: api, on: on, announce: announce, node: node, time: time, duration: duration, channelBadge: channelBadge,
    session: function () { return state.session; },
    register: function (name, view) { state.views[name] = view; },
    refresh: loadInbox
  };
  document.addEventListener("DOMContentLoaded", start);
}());
