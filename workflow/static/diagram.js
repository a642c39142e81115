/* On a narrow screen the diagram scrolls sideways: open it where the procedure starts, not at its left edge. */
(function () {
  "use strict";
  document.querySelectorAll(".state-diagram").forEach(function (diagram) {
    var start = diagram.querySelector(".state.initial rect");
    var region = diagram.parentElement;
    if (start && region.scrollWidth > region.clientWidth) {
      region.scrollLeft = start.x.baseVal.value + start.width.baseVal.value / 2 - region.clientWidth / 2;
    }
  });
})();
