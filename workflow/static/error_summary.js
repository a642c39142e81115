// After a failed submission the page reloads at the top; a screen reader would start at the body and a
// keyboard user tab from the first link. Focus the summary of the errors instead, so it is read first and each
// of its links leads to the field (the summary is first in the main content, so without script it is seen first).
"use strict";
(function () {
  var summary = document.getElementById("fehleruebersicht");
  if (summary) {
    summary.focus();
  }
})();
