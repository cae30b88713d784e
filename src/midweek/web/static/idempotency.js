// One tap is one write: every htmx write also sends its form's idempotency key as the
// Idempotency-Key header (the server accepts the field too), so a double tap or a retry of
// the same request is answered once. The page renders a fresh key into each form.
document.addEventListener("htmx:configRequest", function (event) {
  if (event.detail.verb === "get") {
    return;
  }
  var elt = event.detail.elt;
  var form = elt && elt.closest ? elt.closest("form") : null;
  var field = form ? form.querySelector('input[name="idempotency_key"]') : null;
  if (field && field.value) {
    event.detail.headers["Idempotency-Key"] = field.value;
  }
});
