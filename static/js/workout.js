// Sunnsteel Web: workout pieces any page may use. Dialogs that htmx or the live page's loader brings (the
// "Active Session Detected" choice, confirmations), forms that must be sent once, and the "Workout in
// progress" bar's refresh when the tab is shown again. Loaded once, from base.html's head, on every
// signed-in page. No inline scripts (CSP); every form here also works without this file.
(function () {
  "use strict";

  // A dialog swapped into #dialog-slot (by htmx, or on the live page by its own loader, session/dialogs.js)
  // opens as a modal; closing it removes it.
  function openDialog(slot) {
    const dialog = slot.querySelector("dialog[data-dialog]");
    if (!dialog) return;
    dialog.addEventListener("close", function () { dialog.remove(); });
    dialog.showModal();
  }
  window.sunnsteelOpenDialog = openDialog;
  document.body.addEventListener("htmx:afterSwap", function (event) {
    const slot = event.detail.target;
    if (slot && slot.id === "dialog-slot") openDialog(slot);
  });

  // Forms sent once (start anew, finish, discard): their buttons are disabled once the form is sent, after the
  // browser has read the pressed button's value.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once") || event.defaultPrevented) return;
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });

  // Coming back with the Back button restores the page as it was left: buttons usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-once] button[aria-busy=true]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  });

  // The bar refreshes every minute while the tab is shown, and at once when it is shown again. A tab left
  // open in the background asks nothing of the backend (its calls are one budget for every user).
  const BANNER_REFRESH_MS = 60 * 1000;
  function refreshBanner() {
    const banner = document.getElementById("workout-banner");
    if (banner && window.htmx) window.htmx.trigger(banner, "banner-refresh");
  }
  window.setInterval(function () {
    if (document.visibilityState === "visible") refreshBanner();
  }, BANNER_REFRESH_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refreshBanner();
  });
})();
