/* The consortium part of the application form shows only when „Gemeinsamer Antrag“ is chosen.
   Without JavaScript it is always there (and ignored for a single application). */
(function () {
  "use strict";
  var radios = document.querySelectorAll('input[type="radio"][name="joint"]');
  var part = document.getElementById("zusammenschluss-angaben");
  if (!radios.length || !part) { return; }
  function update() {
    var chosen = document.querySelector('input[type="radio"][name="joint"]:checked');
    part.hidden = !chosen || chosen.value !== "joint";
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
