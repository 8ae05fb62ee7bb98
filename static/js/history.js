// Sunnsteel Web: the history page, on top of a filter form that works without JavaScript (htmx does the rest).
// The form's field messages describe the filters the page was loaded with; once a change of the form brings new
// results (which carry their own message when the filters are wrong), those messages are out of date.
(function () {
  "use strict";

  document.body.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail.elt;
    if (!event.detail.successful || !(form instanceof HTMLFormElement)) return;
    if (!form.classList.contains("history-filters__form")) return;
    form.querySelectorAll(".field__error").forEach(function (message) { message.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) { field.removeAttribute("aria-invalid"); });
  });
})();
