// Review of the AI's answers: the audit list, one answer with its question, context and knowledge,
// and the grade. Plain DOM; every text from a conversation is set with textContent.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var session = null;
  var current = null;

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text !== undefined && text !== null) { element.textContent = String(text); }
    return element;
  }

  function say(text) { $("review-status").textContent = text; }

  function api(method, path, body) {
    var headers = { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (method !== "GET" && session) { headers[session.csrfHeader] = session.csrfToken; }
    return fetch(path, { method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (response) {
      if (response.status === 401) { window.location.assign("/inbox/login?expired"); throw new Error("Your session ended."); }
      return response.text().then(function (text) {
        var data = text ? JSON.parse(text) : null;
        if (!response.ok) { throw new Error((data && (data.detail || data.title)) || ("The gateway answered " + response.status)); }
        return data;
      });
    });
  }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : ""; }

  function loadList(done) {
    var intent = $("review-intent").value;
    return api("GET", "/api/v1/ai/audits?limit=200" + (intent ? "&intent=" + encodeURIComponent(intent) : ""))
      .then(function (audits) {
        var list = $("pending");
        list.textContent = "";
        audits.forEach(function (a) {
          var item = node("li");
          var open = node("button", "link", a.intent + " · " + when(a.answeredAt) + " · " + a.reason);
          open.type = "button";
          open.setAttribute("data-audit", a.id);
          open.addEventListener("click", function () { show(a.id); });
          item.appendChild(open);
          list.appendChild(item);
        });
        say((typeof done === "string" ? done + " " : "") + (audits.length ? audits.length + " answers to grade."
          : "Nothing to grade."));
      }).catch(function (e) { say(e.message); });
  }

  function show(id) {
    api("GET", "/api/v1/ai/audits/" + encodeURIComponent(id)).then(function (review) {
      current = review.audit;
      $("review-answer").hidden = false;
      $("review-answer").setAttribute("data-audit", id);
      $("answer-facts").textContent = "Intent " + review.audit.intent + ", answered " + when(review.audit.answeredAt)
        + " (" + review.audit.reason + ")" + (review.held ? "" : ". The conversation is no longer held.");
      var before = $("answer-before");
      before.textContent = "";
      (review.before || []).forEach(function (t) {
        before.appendChild(node("li", "turn turn--" + t.author, t.author + " · " + t.channel + ": " + t.text));
      });
      $("answer-question").textContent = review.question ? review.question.text : "(not held)";
      var passages = $("answer-passages");
      passages.textContent = "";
      (review.passages || []).forEach(function (p) {
        var box = node("details");
        box.appendChild(node("summary", null, p.title + " (" + p.articleId + ", score " + p.score.toFixed(2) + ")"));
        box.appendChild(node("p", "passage", p.text || "(the article is gone)"));
        passages.appendChild(box);
      });
      $("answer-text").textContent = review.answer ? review.answer.text : "(not held)";
      $("grade-form").reset();
      if (review.audit.grade) {
        document.querySelector("input[name=grade][value=" + review.audit.grade + "]").checked = true;
        $("grade-note").value = review.audit.note || "";
      }
    }).catch(function (e) { say(e.message); });
  }

  function grade(event) {
    event.preventDefault();
    var chosen = document.querySelector("input[name=grade]:checked");
    if (!current || !chosen) { return; }
    api("POST", "/api/v1/ai/audits/" + encodeURIComponent(current.id) + "/grade",
      { grade: chosen.value, note: $("grade-note").value }).then(function () {
      $("review-answer").hidden = true;
      current = null;
      return loadList("Graded " + chosen.value + ".");
    }).catch(function (e) { say(e.message); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    api("GET", "/api/v1/ai/reviewer").then(function (s) {
      session = s;
      $("csrf").value = s.csrfToken;
      $("review-who").textContent = "Signed in as " + s.username;
      (s.intents || []).forEach(function (name) {
        var option = node("option", null, name);
        option.value = name;
        $("review-intent").appendChild(option);
      });
      $("review-intent").addEventListener("change", function () { loadList(); });
      $("grade-form").addEventListener("submit", grade);
      return loadList();
    }).catch(function (e) { say(e.message); });
  });
}());
