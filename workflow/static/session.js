// Warns before the idle timeout ends the session and lets the user extend it
// without leaving the page. Without JavaScript the page states the time and
// the "Sitzung verlängern" button still works as a plain form.
(function () {
  "use strict";
  var bar = document.getElementById("sitzung");
  if (!bar) { return; }
  var warning = document.getElementById("sitzung-warnung");
  var form = document.getElementById("sitzung-verlaengern");
  var expiresAt = Date.parse(bar.getAttribute("data-expires-at"));
  var warnMs = parseInt(bar.getAttribute("data-warn-seconds"), 10) * 1000;

  function minutesLeft() { return Math.max(0, Math.ceil((expiresAt - Date.now()) / 60000)); }

  function check() {
    var left = expiresAt - Date.now();
    if (left <= 0) {
      warning.textContent = "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.";
      warning.hidden = false;
      return;
    }
    if (left <= warnMs && warning.hidden) {
      warning.textContent = "Ihre Sitzung läuft in " + minutesLeft() + " Minuten ab. Wählen Sie „Sitzung verlängern“, um angemeldet zu bleiben.";
      warning.hidden = false;
    }
    window.setTimeout(check, 15000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = new FormData(form);
    fetch(form.action, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        expiresAt = Date.parse(data.expires_at);
        warning.textContent = "Ihre Sitzung wurde verlängert.";
        warning.hidden = false;
      })
      .catch(function () { form.submit(); });
  });
  check();
})();
