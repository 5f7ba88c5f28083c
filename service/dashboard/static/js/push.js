// Web Push: subscribe this browser with the installation's VAPID key, then tell loadwatch.
"use strict";

(function () {
  var button = document.getElementById("push-subscribe");
  var status = document.getElementById("push-status");
  if (!button || !status) {
    return;
  }
  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

  function say(text) {
    status.textContent = text;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function subscribe() {
    var token = document.body.dataset.csrfToken;
    return fetch("/api/v1/me/push-subscriptions/vapid-key", { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("no VAPID key"); }
        return response.json();
      })
      .then(function (key) {
        return navigator.serviceWorker.register("/static/js/push-worker.js").then(function (registration) {
          return registration.pushManager.subscribe({
            userVisibleOnly: true, applicationServerKey: keyBytes(key.public_key)
          });
        });
      })
      .then(function (subscription) {
        return fetch("/api/v1/me/push-subscriptions", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
          body: JSON.stringify(subscription.toJSON())
        });
      })
      .then(function (response) {
        if (!response.ok) { throw new Error("subscription refused: " + response.status); }
        say(button.dataset.done);
      });
  }

  if (!supported) {
    button.disabled = true;
    say(button.dataset.unsupported);
    return;
  }
  button.addEventListener("click", function () {
    button.disabled = true;
    subscribe().catch(function () {
      say(button.dataset.failed);
      button.disabled = false;
    });
  });
})();
