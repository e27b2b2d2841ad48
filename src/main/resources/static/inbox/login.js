// Sign-in page: fetches the CSRF token (and any single sign-on providers) for the form, and says why
// the agent is here (wrong password, signed out, session expired; a draft reply is kept in the browser).
(function () {
  "use strict";
  var form = document.getElementById("login-form");
  var csrf = document.getElementById("login-csrf");
  var message = document.getElementById("login-message");
  var providers = document.getElementById("providers");
  var params = new URLSearchParams(window.location.search);

  function say(text) {
    message.textContent = text;
    message.hidden = false;
  }

  if (params.has("error")) { say("That user name and password do not match."); }
  if (params.has("logout")) { say("You are signed out."); }
  if (params.has("expired")) { say("Your session ended. Sign in again: your unsent reply is kept."); }

  fetch("/inbox/login-options", { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (options) {
      csrf.name = options.parameterName;
      csrf.value = options.token;
      (options.providers || []).forEach(function (provider) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = provider.url;
        link.textContent = "Sign in with " + provider.name;
        item.appendChild(link);
        providers.appendChild(item);
      });
      form.setAttribute("data-ready", "true");
    })
    .catch(function () { say("The gateway cannot be reached. Try again in a moment."); });
}());
