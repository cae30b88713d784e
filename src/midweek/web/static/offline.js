/* Installable and offline, the page's side (the worker is /sw.js):
   registers the service worker; says plainly in the status line under the header when
   something waits on this phone, and when it was sent; asks the worker to send what
   waits on every page load and when the connection comes back; and at sign-out asks it
   to forget the pages it kept and anything still waiting. The wording comes from the
   status line's data-* attributes (messages.py), so nothing is written here. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var worker = navigator.serviceWorker;
  var status = document.getElementById("offline-status");

  function say(text) {
    if (!status) return;
    status.textContent = text || "";
    status.hidden = !text;
  }

  worker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type !== "queue" || !status) return;
    if (data.dropped) say(status.dataset.notSent);
    else if (data.waiting > 0 && data.signIn && navigator.onLine) say(status.dataset.signIn);
    else if (data.waiting > 1) say(status.dataset.savedMany.replace("{n}", data.waiting));
    else if (data.waiting > 0) say(status.dataset.saved);
    else if (data.sent > 0) say(status.dataset.sent);
  });

  // Who is signed in on this page, and its form token: the worker sends a waiting write
  // only for the person who wrote it, with the token of their session now.
  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || "";
    } catch (err) {
      return "";
    }
  }

  function ask(type) {
    var account = status ? status.dataset.account || "" : "";
    worker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ type: type, account: account, csrf: account ? csrf() : "" });
      }
    });
  }

  worker.register("/sw.js", { scope: "/" }).then(
    function () {
      ask("hello");
    },
    function () {
      /* Without a worker the app works as before, online only. */
    },
  );
  window.addEventListener("online", function () {
    ask("online");
  });

  // Sign-out: the worker forgets first (at most two seconds), then the form is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.forgotten) return;
    if (new URL(form.action, location.href).pathname !== "/logout") return;
    var active = worker.controller;
    if (!active) return;
    event.preventDefault();
    var done = false;
    function submit() {
      if (done) return;
      done = true;
      form.dataset.forgotten = "1";
      form.submit();
    }
    var channel = new MessageChannel();
    channel.port1.onmessage = submit;
    active.postMessage({ type: "forget" }, [channel.port2]);
    setTimeout(submit, 2500);
  });
})();
