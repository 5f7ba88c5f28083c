// The check-in forms: the "seek care now" message when a red flag is ticked, the OSTRC-O2 skip
// logic, the day field only when no recent run is chosen, and VISA-A only for the Achilles
// tendon. The server applies the same rules; without this file every question stays visible.
"use strict";

(function () {
  function redFlags() {
    var message = document.getElementById("seek-care");
    if (!message) { return; }
    var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-red-flag]"));
    function update() {
      message.hidden = !boxes.some(function (box) { return box.checked; });
    }
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  }

  // Q1 "full participation without problems" skips Q2-Q4; "could not participate" skips Q2-Q3.
  var SKIPPED = { "0": ["2", "3", "4"], "25": ["2", "3"] };

  function ostrc(container) {
    var first = container.querySelector("fieldset[data-question='1']");
    if (!first) { return; }
    function update() {
      var chosen = first.querySelector("input:checked");
      var skipped = (chosen && SKIPPED[chosen.value]) || [];
      ["2", "3", "4"].forEach(function (number) {
        var question = container.querySelector("fieldset[data-question='" + number + "']");
        if (!question) { return; }
        var skip = skipped.indexOf(number) >= 0;
        question.disabled = skip;
        question.classList.toggle("skipped", skip);
      });
    }
    first.addEventListener("change", update);
    update();
  }

  // The OSTRC questions unfold once the week's pain is above 0 (they stay open after that).
  function ostrcDetails(details) {
    var block = details.closest("fieldset");
    var pain = block && block.querySelector("input[name^='pain_week.']");
    if (!pain) { return; }
    pain.addEventListener("input", function () {
      var value = parseFloat(pain.value.replace(",", "."));
      if (value > 0) { details.open = true; }
    });
  }

  function runPicker() {
    var picker = document.querySelector("select[data-run-picker]");
    var day = document.querySelector("[data-day-field]");
    if (!picker || !day) { return; }
    function update() { day.hidden = picker.value !== ""; }
    picker.addEventListener("change", update);
    update();
  }

  function regionPickers() {
    document.querySelectorAll("select[data-region-picker]").forEach(function (picker) {
      var visa = picker.closest("fieldset").querySelector("details.visa");
      if (!visa) { return; }
      function update() { visa.hidden = picker.value !== "achilles"; }
      picker.addEventListener("change", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    redFlags();
    document.querySelectorAll("[data-ostrc]").forEach(ostrc);
    document.querySelectorAll("[data-ostrc-details]").forEach(ostrcDetails);
    runPicker();
    regionPickers();
  });
})();
