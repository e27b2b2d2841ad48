// Admin view: users and their roles, agent profiles, API tokens (the secret is shown once),
// queues and canned responses. Every change goes through the API, which audits it.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };

  function status(text) { $("admin-status").textContent = text; }
  function list(value) { return value.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }
  function fail(e) { status(e.message); }

  function load() {
    Promise.all([Inbox.api("GET", "/api/v1/users"), Inbox.api("GET", "/api/v1/tokens"), Inbox.api("GET", "/api/v1/queues"),
      Inbox.api("GET", "/api/v1/canned-responses")]).then(function (loaded) {
      renderUsers(loaded[0]);
      renderTokens(loaded[1]);
      renderQueues(loaded[2]);
      renderCanned(loaded[3]);
    }).catch(fail);
  }

  function renderUsers(users) {
    var body = $("user-table").tBodies[0];
    body.textContent = "";
    users.forEach(function (u) {
      var row = Inbox.node("tr");
      row.appendChild(Inbox.node("td", null, u.username));
      row.appendChild(Inbox.node("td", null, u.roles.join(", ")));
      row.appendChild(Inbox.node("td", null, u.source));
      var td = Inbox.node("td");
      if (u.source === "admin") {
        var toggle = Inbox.node("button", "link", u.enabled ? "Disable" : "Enable");
        toggle.type = "button";
        toggle.addEventListener("click", function () {
          Inbox.api("PUT", "/api/v1/users/" + encodeURIComponent(u.username) + "/enabled", { enabled: !u.enabled })
            .then(function () { status(u.username + (u.enabled ? " disabled." : " enabled.")); load(); }).catch(fail);
        });
        td.appendChild(toggle);
      } else {
        td.textContent = "from configuration";
      }
      row.appendChild(td);
      body.appendChild(row);
    });
  }

  function renderTokens(tokens) {
    var body = $("token-table").tBodies[0];
    body.textContent = "";
    tokens.forEach(function (t) {
      var row = Inbox.node("tr");
      row.appendChild(Inbox.node("td", null, t.name));
      row.appendChild(Inbox.node("td", null, t.owner));
      row.appendChild(Inbox.node("td", null, t.lastUsedAt ? Inbox.time(t.lastUsedAt) : "never"));
      var td = Inbox.node("td", null, t.revokedAt ? "revoked by " + t.revokedBy : "");
      if (!t.revokedAt) {
        var revoke = Inbox.node("button", "link", "Revoke");
        revoke.type = "button";
        revoke.addEventListener("click", function () {
          Inbox.api("DELETE", "/api/v1/tokens/" + t.id).then(function () { status("Token revoked."); load(); }).catch(fail);
        });
        td.appendChild(revoke);
      }
      row.appendChild(td);
      body.appendChild(row);
    });
  }

  function renderQueues(queues) {
    var ul = $("queue-admin-list");
    ul.textContent = "";
    queues.forEach(function (q) {
      var windows = (q.hours.windows || []).length ? q.hours.windows.length + " opening windows" : "24/7";
      ul.appendChild(Inbox.node("li", null, q.displayName + " (" + q.name + ") · priority " + q.priority + " · SLA "
        + q.sla + " · " + windows + " · " + q.hours.zone + " · " + q.source));
    });
  }

  function renderCanned(canned) {
    var ul = $("canned-admin-list");
    ul.textContent = "";
    canned.forEach(function (c) { ul.appendChild(Inbox.node("li", null, c.title + " (" + c.id + "): " + c.text)); });
  }

  function submit(form, handler) {
    $(form).addEventListener("submit", function (e) {
      e.preventDefault();
      handler();
    });
  }

  Inbox.register("admin", {
    init: function () {
      if (!Inbox.session().admin) { return; }
      submit("user-form", function () {
        var roles = Array.from(document.querySelectorAll("#user-form input[name=role]:checked")).map(function (r) { return r.value; });
        Inbox.api("POST", "/api/v1/users", { username: $("user-name").value.trim(), password: $("user-password").value,
          roles: roles }).then(function (u) { $("user-form").reset(); status("User " + u.username + " created."); load(); })
          .catch(fail);
      });
      submit("profile-form", function () {
        var capacity = {};
        list($("profile-capacity").value).forEach(function (pair) {
          var parts = pair.split("=");
          if (parts.length === 2) { capacity[parts[0].trim()] = parseInt(parts[1], 10); }
        });
        Inbox.api("PUT", "/api/v1/agents/" + encodeURIComponent($("profile-user").value.trim()), {
          queues: list($("profile-queues").value), skills: list($("profile-skills").value), capacity: capacity
        }).then(function (a) { status("Profile of " + a.username + " saved."); }).catch(fail);
      });
      submit("token-form", function () {
        Inbox.api("POST", "/api/v1/tokens", { name: $("token-name").value.trim(), owner: $("token-owner").value.trim() })
          .then(function (issued) {
            $("token-form").reset();
            $("token-secret").hidden = false;
            $("token-secret").textContent = "Copy this token now, it is not shown again: " + issued.secret;
            load();
          }).catch(fail);
      });
      submit("queue-form", function () {
        var name = $("queue-name").value.trim();
        Inbox.api("PUT", "/api/v1/queues/" + encodeURIComponent(name), {
          displayName: $("queue-display").value.trim() || null, priority: parseInt($("queue-priority").value, 10) || 0,
          skills: list($("queue-skills").value), timeZone: $("queue-zone").value.trim() || "UTC",
          schedule: $("queue-schedule").value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean),
          holidays: list($("queue-holidays").value), sla: "PT" + (parseInt($("queue-sla").value, 10) || 15) + "M",
          strategy: $("queue-strategy").value
        }).then(function () { status("Queue " + name + " saved."); load(); Inbox.refresh(); }).catch(fail);
      });
      submit("canned-form", function () {
        var id = $("canned-id").value.trim();
        Inbox.api("PUT", "/api/v1/canned-responses/" + encodeURIComponent(id), { title: $("canned-title").value.trim(),
          text: $("canned-text").value }).then(function () { $("canned-form").reset(); status("Saved."); load(); }).catch(fail);
      });
    },
    show: load
  });
}());
