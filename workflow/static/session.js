// Warns before the idle timeout ends the session and lets the user extend it
// without leaving the page. The bar stays hidden until the last
// SESSION_WARNING_BEFORE (data-warn-seconds) before the timeout. Without
// JavaScript a <noscript> line states the time with a plain extend form.
(function () {
  "use strict";
  var bar = document.getElementById("sitzung");
  if (!bar) { return; }
  var warning = document.getElementById("sitzung-warnung");
  var form = document.getElementById("sitzung-verlaengern");
  // Counted from the seconds left when the page was made, not from the server's time of day: the
  // browser's clock may be off.
  var expiresAt = Date.now() + parseInt(bar.getAttribute("data-expires-in"), 10) * 1000;
  var warnMs = parseInt(bar.getAttribute("data-warn-seconds"), 10) * 1000;
  var shownFor = null;  // the expiry the warning was last shown for (announced once per expiry)
  var hideTimer = null;

  function minutesLeft() { return Math.max(1, Math.ceil((expiresAt - Date.now()) / 60000)); }

  function show(text) {
    window.clearTimeout(hideTimer);
    bar.hidden = false;
    // Set after unhiding, so that the alert is announced.
    warning.textContent = text;
  }

  function check() {
    var left = expiresAt - Date.now();
    if (left <= 0) {
      show("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.");
      form.hidden = true;
      return;
    }
    if (left <= warnMs && shownFor !== expiresAt) {
      shownFor = expiresAt;
      var minutes = minutesLeft();
      show("Ihre Sitzung läuft in " + minutes + (minutes === 1 ? " Minute" : " Minuten") +
           " ab. Wählen Sie „Sitzung verlängern“, um angemeldet zu bleiben.");
    }
    window.setTimeout(check, Math.max(1000, Math.min(15000, left > warnMs ? left - warnMs : left)));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = new FormData(form);
    fetch(form.action, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        expiresAt = Date.now() + data.expires_in * 1000;
        show("Ihre Sitzung wurde verlängert.");
        hideTimer = window.setTimeout(function () { bar.hidden = true; }, 8000);
      })
      .catch(function () { form.submit(); });
  });
  check();
})();
