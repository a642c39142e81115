// The Integrationsplan form keeps what is typed: some seconds after the last keystroke it is saved as a
// server-side draft (encrypted, not yet a version), so neither a session timeout nor a closed tab loses it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = document.getElementById("entwurf-status");
  var delay = parseInt(form.getAttribute("data-autosave"), 10) || 10000;
  var timer = null;

  function save() {
    var body = new FormData(form);
    body.set("action", "draft");
    // Not form.action: the buttons named "action" shadow that property.
    fetch(form.getAttribute("action") || window.location.href, { method: "POST", body: body, credentials: "same-origin",
                                                 headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { status.textContent = "Entwurf automatisch gespeichert um " + data.saved_at + "."; })
      .catch(function () { status.textContent = "Der Entwurf konnte nicht automatisch gespeichert werden."; });
  }

  function saveLater() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  // What was typed while this script was still loading fired no event here; compare with the page as sent.
  function changedAlready() {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
      if (field.tagName === "SELECT") {
        var sent = 0;
        Array.prototype.forEach.call(field.options, function (option, index) { if (option.defaultSelected) { sent = index; } });
        return field.selectedIndex !== sent;
      }
      return field.type !== "file" && "defaultValue" in field && field.value !== field.defaultValue;
    });
  }

  form.addEventListener("input", saveLater);
  if (changedAlready()) { saveLater(); }
})();
