/* Keeps a background job's page current: asks for its figures every two seconds until it is finished.
   Without JavaScript the page offers a link that reloads it. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-text]");
  var download = box.querySelector("[data-job-download]");
  var failure = box.querySelector("[data-job-error]");
  var waiting = box.querySelector("[data-job-waiting]");
  var announce = box.querySelector("[data-job-announce]");

  function describe(job) {
    if (job.status === "done") { return "fertig"; }
    if (job.status === "failed") { return "nicht erstellt"; }
    if (job.status === "running") {
      return "läuft: " + job.done.toLocaleString("de-DE") + " von " + job.total.toLocaleString("de-DE") +
        (job.total ? " (" + job.percent + " %)" : "");
    }
    return "wartet auf den Start";
  }

  function update(job) {
    bar.max = job.total || 1;
    bar.value = job.total ? job.done : 0;
    bar.textContent = job.percent + " %";
    var words = describe(job);
    if (text.textContent !== words) { text.textContent = words; }
    if (job.finished) {
      if (waiting) { waiting.hidden = true; }
      announce.textContent = job.error ? "Der Auftrag ist fehlgeschlagen." : "Der Auftrag ist fertig; die Datei steht bereit.";
      if (job.download) { download.hidden = false; }
      if (job.error) { failure.querySelector("p").textContent = job.error; failure.hidden = false; }
      return;
    }
    setTimeout(poll, 2000);
  }

  function poll() {
    fetch(box.getAttribute("data-job-status"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(update)
      .catch(function () { setTimeout(poll, 10000); });
  }

  setTimeout(poll, 2000);
})();
