// Sunnsteel Web, the live workout (9 of 11): Finish and Discard ask in a dialog, through this small loader
// instead of htmx (the live page loads no htmx: its start-up cost, issue 16). The Discard link
// (data-load-dialog) and the finish form (sent by finish.js: S.load) fetch their confirmation, as htmx did,
// into #dialog-slot, where it opens as a modal (workout.js); what the dialog posts is an ordinary form. The
// server answers these requests as it answers htmx's (HX-Request): toasts in HX-Trigger, HX-Redirect to move
// on. A failed request is told as on other pages (app.js: toasts, a Retry in place, a refused CSRF token
// replaced). Without JavaScript the link opens the confirmation page and the form posts to it.
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  const slot = document.getElementById("dialog-slot");
  if (!S || !slot) return;
  const R = window.sunnsteelRequests; // app.js
  const loading = new WeakSet(); // a second tap while the first is on its way asks nothing more

  function csrfToken() {
    const input = S.root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function busy(buttons, on) {
    buttons.forEach(function (button) { button.disabled = on; });
  }

  // A link: GET its page; a form: POST it. The answer's dialog goes into #dialog-slot.
  S.load = function (element) {
    if (loading.has(element)) return Promise.resolve();
    loading.add(element);
    const form = element instanceof HTMLFormElement ? element : null;
    const buttons = form ? Array.from(form.querySelectorAll("button")) : [];
    busy(buttons, true);
    const request = fetch(form ? form.action : element.href, {
      method: form ? "POST" : "GET", body: form ? new FormData(form) : undefined, credentials: "same-origin",
      headers: { "HX-Request": "true", "HX-Current-URL": window.location.href, "X-CSRFToken": csrfToken() }
    });
    function again() { S.load(element); }
    function answered(response, text) {
      (R.triggers(response).toasts || []).forEach(window.sunnsteelToast);
      const redirect = response.headers.get("HX-Redirect") || (response.redirected ? response.url : null);
      if (redirect) {
        window.location.href = redirect; // the buttons stay disabled: the page is going
        return;
      }
      loading.delete(element);
      busy(buttons, false);
      if (response.ok) {
        if (response.status === 204) return;
        slot.innerHTML = text;
        window.sunnsteelOpenDialog(slot);
        return;
      }
      const token = response.status === 403 ? response.headers.get("X-CSRF-Token") : null;
      if (token) R.tokenRenewed(token);
      else if (!form) R.offerRetry(slot, again);
    }
    return request.then(function (response) {
      return response.text().then(function (text) { return [response, text]; });
    }).then(function (answer) { answered(answer[0], answer[1]); }, function () {
      loading.delete(element); // no answer (offline, or the connection dropped)
      busy(buttons, false);
      R.unreachable();
      if (!form) R.offerRetry(slot, again);
    });
  };

  S.root.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a[data-load-dialog]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    S.load(link);
  });
})();
