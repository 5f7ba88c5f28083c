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

  // On a phone the menu scrolls sideways: keep the current page's item in view.
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector(".site-nav a[aria-current=page]");
    var list = current ? current.closest("ul") : null;
    if (list && list.scrollWidth > list.clientWidth) {
      list.scrollLeft = current.offsetLeft - list.offsetLeft - 16;
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
