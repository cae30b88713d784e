/* Settings: turn reminders on this device on or off (Web Push).
   Only where the browser has a service worker, the Push API and notifications, and the
   server has a key (data-key); otherwise the page's own sentence and the calendar link
   stay. Turning on asks the browser's permission, subscribes with the server's key and
   sends the subscription to /api/v1/push/subscriptions; turning off deletes it there
   and unsubscribes. Every write carries the form token and an Idempotency-Key. The
   wording comes from the section's data-* attributes (messages.py). */
(function () {
  "use strict";
  var box = document.getElementById("push");
  var control = document.getElementById("push-control");
  var button = document.getElementById("push-toggle");
  var status = document.getElementById("push-status");
  if (!box || !control || !button || !status || !box.dataset.key) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  var API = "/api/v1/push/subscriptions";
  var current = null;

  function say(text) {
    status.textContent = text;
  }

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || "";
    } catch (err) {
      return "";
    }
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function call(method, url, body) {
    var headers = { "X-CSRF-Token": csrf(), Accept: "application/json" };
    if (method !== "GET") headers["Idempotency-Key"] = newKey();
    if (body) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: headers,
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.status === 204 ? null : response.json();
    });
  }

  function serverKey() {
    var text = box.dataset.key.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(text + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function show(subscription) {
    current = subscription;
    control.hidden = false;
    button.disabled = false;
    button.textContent = subscription ? box.dataset.turnOff : box.dataset.turnOn;
    if (subscription) say(box.dataset.on);
    else if (Notification.permission === "denied") say(box.dataset.denied);
    else say(box.dataset.off);
  }

  function failed() {
    button.disabled = false;
    say(Notification.permission === "denied" ? box.dataset.denied : box.dataset.failed);
  }

  function turnOn(registration) {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("denied");
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: serverKey(),
      });
    }).then(function (subscription) {
      return call("POST", API, subscription.toJSON()).then(function () {
        location.reload(); // the list of devices below is the server's
      });
    });
  }

  function turnOff() {
    var endpoint = current.endpoint;
    return call("GET", API).then(function (listed) {
      var mine = (listed || []).filter(function (s) { return s.endpoint === endpoint; });
      return Promise.all(mine.map(function (s) { return call("DELETE", API + "/" + s.id); }));
    }).then(function () {
      return current.unsubscribe();
    }).then(function () {
      location.reload();
    });
  }

  navigator.serviceWorker.ready.then(function (registration) {
    button.addEventListener("click", function () {
      button.disabled = true;
      (current ? turnOff() : turnOn(registration)).catch(failed);
    });
    return registration.pushManager.getSubscription().then(show);
  }).catch(function () {
    /* No worker, no reminders here: the page's sentence and the calendar link stay. */
  });
})();
