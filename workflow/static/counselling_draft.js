// The Integrationsplan form keeps what is typed: some seconds after the last keystroke it is saved as a
// server-side draft (encrypted, not yet a version), so neither a session timeout nor a closed tab loses it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = document.getElementById("entwurf-status");
  var timer = null;

  function save() {
    var body = new FormData(form);
    body.set("action", "draft");
    // Not form.action: the buttons named "action" shadow that property.
    fetch(form.getAttribute("action") || window.location.href, { method: "POST", body: body, credentials: "same-origin",
                                                 headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { status.textContent = "Entwurf automatisch gespeichert um " + data.saved_at + " Uhr."; })
      .catch(function () { status.textContent = "Der Entwurf konnte nicht automatisch gespeichert werden."; });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 10000);
  });
})();
