// The browser's time zone (an IANA name such as "Europe/London"), sent with the sign-in
// form so that a new account's days start out in the person's own zone. Only a default:
// Settings changes it, and an account that already has a zone keeps it.
(function () {
  "use strict";
  var field = document.getElementById("browser-time-zone");
  if (!field || typeof Intl === "undefined" || !Intl.DateTimeFormat) {
    return;
  }
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    field.value = "";
  }
})();
