/* Keeps a background job's page current: asks for its figures every two seconds and shows them; once the job
   is finished the page is loaded again, with the file, its name and what could not be done.
   Without JavaScript the page offers a link that reloads it. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-text]");

  function describe(job) {
    if (job.status === "running") {
      return "läuft: " + job.done.toLocaleString("de-DE") + " von " + job.total.toLocaleString("de-DE") +
        (job.total ? " (" + job.percent + " %)" : "");
    }
    return "wartet auf den Start";
  }

  function update(job) {
    if (job.finished) {
      window.location.reload();
      return;
    }
    bar.max = job.total || 1;
    bar.value = job.total ? job.done : 0;
    bar.textContent = job.percent + " %";
    text.textContent = describe(job);
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
