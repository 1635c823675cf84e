/* Notifications for ticket news (web/templates/pwa/_push.html, web/pwa/push.py): subscribe this
   browser with the server's VAPID key and store the subscription; turning off deletes it.
   Browsers without a service worker, PushManager or Notification never see the toggle. */
(function () {
  "use strict";

  function able() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  // The applicationServerKey as bytes: base64url text -> Uint8Array.
  function keyBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function sameKey(buffer, bytes) {
    if (!buffer) { return false; }
    var held = new Uint8Array(buffer);
    return held.length === bytes.length && held.every(function (b, i) { return b === bytes[i]; });
  }

  function post(box, url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function serverKey(box) {
    return fetch(box.dataset.keyUrl, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (body) { return keyBytes(body.publicKey); });
  }

  function show(box, on, text) {
    var button = box.querySelector("[data-push-toggle]");
    button.textContent = on ? box.dataset.turnOff : box.dataset.turnOn;
    button.dataset.on = on ? "1" : "";
    box.querySelector("[data-push-note]").textContent = text || "";
    box.hidden = false;
  }

  // Subscribe with the server's key (a subscription made with an older key is replaced)
  // and store it for the signed-in citizen.
  function subscribe(box, registration) {
    return serverKey(box).then(function (key) {
      return registration.pushManager.getSubscription().then(function (held) {
        if (held && sameKey(held.options.applicationServerKey, key)) { return held; }
        var gone = held ? held.unsubscribe() : Promise.resolve();
        return gone.then(function () {
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        });
      });
    }).then(function (subscription) { return post(box, box.dataset.subscribeUrl, subscription.toJSON()); });
  }

  function unsubscribe(box, registration) {
    return registration.pushManager.getSubscription().then(function (held) {
      if (!held) { return null; }
      return post(box, box.dataset.unsubscribeUrl, { endpoint: held.endpoint })
        .then(function () { return held.unsubscribe(); });
    });
  }

  // A push service out of reach can leave subscribe() pending for minutes: give up sooner.
  var PATIENCE_MS = 15000;

  function within(promise, ms) {
    return Promise.race([promise, new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("timeout")); }, ms);
    })]);
  }

  function turnOn(box, registration) {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { show(box, false, box.dataset.denied); return; }
      return within(subscribe(box, registration), PATIENCE_MS)
        .then(function () { show(box, true, box.dataset.on); });
    });
  }

  function toggle(box, registration) {
    var button = box.querySelector("[data-push-toggle]");
    button.disabled = true;
    var wasOn = Boolean(button.dataset.on);
    var step = wasOn ? unsubscribe(box, registration).then(function () { show(box, false, box.dataset.off); })
      : turnOn(box, registration);
    step.catch(function () { show(box, wasOn, box.dataset.failed); })
      .then(function () { button.disabled = false; });
  }

  function setup() {
    var box = document.querySelector("[data-push]");
    if (!box || box.dataset.ready || !able()) { return; }
    box.dataset.ready = "1";
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription().then(function (held) {
        var on = Boolean(held) && Notification.permission === "granted";
        show(box, on, on ? box.dataset.on : "");
        // Stored again each visit: the server may have dropped it, or the key changed.
        if (on) { subscribe(box, registration).catch(function () { /* SMS still goes */ }); }
        box.querySelector("[data-push-toggle]").addEventListener("click", function () {
          toggle(box, registration);
        });
      });
    });
  }

  setup();
  // A boosted visit to the page runs this file again: one listener is enough.
  if (!window.layananPushListening) {
    window.layananPushListening = true;
    document.addEventListener("htmx:afterSettle", setup);
  }
}());
