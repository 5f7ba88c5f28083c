// loadwatch pages: small enhancements; every page also works without this file.
"use strict";

(function () {
  // htmx requests carry the session's CSRF token like the page's forms do.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.body.dataset.csrfToken;
    if (token) {
      event.detail.headers["x-csrf-token"] = token;
    }
  });

  // Sign-up: suggest the browser's own time zone instead of the default.
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("input[data-detect-timezone]");
    if (!input || input.dataset.touched) {
      return;
    }
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && input.defaultValue === "Europe/Amsterdam") {
        input.value = zone;
      }
    } catch (ignored) {
      // an old browser without time zone names keeps the default
    }
  });

  // A browser that cannot show a folded menu's content at a desk opens it there instead.
  document.addEventListener("DOMContentLoaded", function () {
    var menu = document.querySelector(".site-nav details.menu");
    var folds = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    if (menu && !folds && window.matchMedia("(min-width: 40.0625rem)").matches) {
      menu.open = true;
    }
  });

  // Read-only fields meant to be copied (an invite link) select themselves.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) {
      event.target.select();
    }
  });

  // Forms that ask for confirmation before they do something that cannot be undone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.dataset ? form.dataset.confirm : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
