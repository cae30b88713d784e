// A draft keeps what was typed up to the moment of leaving. While typing, htmx saves the
// draft after a pause (the textarea's hx-trigger); this file adds the two moments a pause
// does not cover: leaving the page (or hiding the tab) before the pause is over, sent with
// sendBeacon so it survives the page going away; and saving the entry, after which no
// draft save may be sent any more (a late one would bring the saved text back as a draft).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-draft-url]").forEach(function (box) {
    var form = box.form;
    var sent = box.value;
    var saving = false;

    box.addEventListener("htmx:beforeRequest", function (event) {
      if (saving) {
        event.preventDefault();
        return;
      }
      sent = box.value;
    });
    if (form) {
      form.addEventListener("submit", function () {
        saving = true;
      });
    }

    function leave() {
      if (saving || box.value === sent || !form || !navigator.sendBeacon) return;
      sent = box.value;
      navigator.sendBeacon(box.dataset.draftUrl, new FormData(form));
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") leave();
    });
    window.addEventListener("pagehide", leave);
  });
})();
