// Web chat widget: one WebSocket to /chat/ws. The signed visitor token is kept in localStorage so a
// returning visitor resumes their conversation. Customer and agent text is only ever set with
// textContent, never parsed as HTML.
(function () {
  "use strict";
  var TOKEN_KEY = "switchboard.chat.token";
  var RATED_KEY = "switchboard.chat.rated.";
  var log = document.getElementById("chat-log");
  var status = document.getElementById("chat-status");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var claimForm = document.getElementById("claim-form");
  var claimInput = document.getElementById("claim-input");
  var confirmForm = document.getElementById("confirm-form");
  var confirmInput = document.getElementById("confirm-input");
  var claimStatus = document.getElementById("claim-status");
  var socket = null;
  var retryDelay = 1000;
  var pending = {};   // messages sent but not acknowledged, resent after a reconnect
  var refused = false; // the gateway closed the socket for a limit
  var CLAIM_ERRORS = ["wrong-code", "invalid-address", "too-many-claims", "address-busy", "address-locked", "country"];
  var shown = {};     // sequence numbers already on screen

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function storedToken() {
    try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function storeToken(token) {
    try { window.localStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: session only */ }
  }

  function label(author, name) {
    if (author === "customer") { return "You"; }
    if (author === "ai") { return "Assistant"; }
    if (author === "system") { return "Notice"; }
    return name ? "Agent " + name : "Agent";
  }

  function show(turn, localId) {
    if (turn.seq && shown[turn.seq]) { return; }
    if (turn.seq) { shown[turn.seq] = true; }
    var item = localId ? document.getElementById("local-" + localId) : null;
    if (!item) {
      item = document.createElement("li");
      var meta = document.createElement("span");
      meta.className = "chat__meta";
      var text = document.createElement("span");
      text.className = "chat__text";
      item.appendChild(meta);
      item.appendChild(text);
      log.appendChild(item);
    }
    item.className = "chat__turn chat__turn--" + turn.author;
    item.setAttribute("data-author", turn.author);
    if (turn.seq) { item.setAttribute("data-seq", String(turn.seq)); }
    if (localId) { item.id = "local-" + localId; }
    var when = turn.at ? new Date(turn.at) : new Date();
    item.querySelector(".chat__meta").textContent = label(turn.author, turn.authorName) + " · "
        + when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
        + (turn.channel && turn.channel !== "chat" ? " · by " + turn.channel : "");
    item.querySelector(".chat__text").textContent = turn.text;
    if (turn.kind === "csat-survey" && !item.querySelector(".chat__rating") && !rated(turn.at)) { addRating(item, turn.at); }
    log.scrollTop = log.scrollHeight;
  }

  // the satisfaction survey after an agent resolved the conversation: one button per score
  function rated(at) {
    try { return window.localStorage.getItem(RATED_KEY + at) !== null; } catch (e) { return false; }
  }

  function addRating(item, at) {
    var group = document.createElement("div");
    group.className = "chat__rating";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Rate our help from 1 (not at all satisfied) to 5 (very satisfied)");
    [1, 2, 3, 4, 5].forEach(function (score) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = String(score);
      button.setAttribute("data-score", String(score));
      button.addEventListener("click", function () {
        var frame = { type: "message", id: newId(), text: String(score), rating: true };
        pending[frame.id] = frame;
        send(frame);
        try { window.localStorage.setItem(RATED_KEY + at, String(score)); } catch (e) { /* session only */ }
        group.textContent = "Thank you! You rated our help " + score + " out of 5.";
      });
      group.appendChild(button);
    });
    item.appendChild(group);
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/chat/ws");
    socket.addEventListener("open", function () {
      retryDelay = 1000;
      send({ type: "hello", token: storedToken() });
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      switch (frame.type) {
        case "welcome":
          storeToken(frame.token);
          log.setAttribute("data-visitor", frame.visitor);
          (frame.history || []).forEach(function (turn) { show(turn); });
          status.textContent = "Connected. Write to us any time.";
          Object.keys(pending).forEach(function (id) { send(pending[id]); });
          break;
        case "ack":
          var sent = pending[frame.id];
          delete pending[frame.id];
          if (sent && !sent.rating) { show({ seq: frame.seq, author: "customer", text: sent.text }, frame.id); }
          break;
        case "message":
          show(frame.turn);
          break;
        case "claimed":
          confirmForm.hidden = !frame.codeSent;
          claimStatus.classList.remove("chat__error");
          claimStatus.textContent = frame.codeSent
              ? "We sent a code to " + frame.address + ". Enter it below."
              : "Thanks. An agent will confirm " + frame.address + ".";
          break;
        case "confirmed":
          confirmForm.hidden = true;
          claimStatus.classList.remove("chat__error");
          claimStatus.textContent = "Confirmed: we can now reach you at " + frame.address + ".";
          break;
        case "error":
          if (CLAIM_ERRORS.indexOf(frame.code) >= 0) {
            claimStatus.classList.add("chat__error");
            claimStatus.textContent = frame.message;
          } else {
            status.textContent = frame.message;
            status.classList.add("chat__error");
            if (frame.code === "message-too-large") { pending = {}; }
            // too fast: the message stays pending and goes again when the limit allows it
            if (frame.code === "rate-limited" && frame.id && pending[frame.id]) {
              var again = pending[frame.id];
              window.setTimeout(function () { if (pending[again.id]) { send(again); } }, (frame.retryAfter || 5) * 1000);
            }
            if (frame.code === "too-many-connections" || frame.code === "too-many-visitors") { refused = true; }
          }
          break;
      }
    });
    socket.addEventListener("close", function () {
      // refused for a limit: the message stays on screen and the next try waits a minute
      if (refused) {
        refused = false;
        window.setTimeout(connect, 60000);
        return;
      }
      status.classList.remove("chat__error");
      status.textContent = "Connection lost. Reconnecting…";
      window.setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    var frame = { type: "message", id: newId(), text: text };
    pending[frame.id] = frame;
    show({ author: "customer", text: text }, frame.id);
    status.classList.remove("chat__error");
    input.value = "";
    if (!send(frame)) { status.textContent = "Not connected: your message will be sent when we reconnect."; }
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  claimForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (claimInput.value.trim()) { send({ type: "claim", address: claimInput.value.trim() }); }
  });

  confirmForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (confirmInput.value.trim()) { send({ type: "confirm", code: confirmInput.value.trim() }); }
  });

  connect();
}());
