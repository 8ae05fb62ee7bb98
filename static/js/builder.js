// Sunnsteel Web: the routine builder with htmx (templates/routines/builder.html). Nothing typed is lost:
// - a field is stored when it is left (the form's hx-trigger="change"); what is typed and not yet stored
//   when the page is left or hidden goes in a beacon (the service worker lets posts through untouched);
// - a value typed while a button's answer is on its way is put back after that answer redraws the builder,
//   and stored.
(function () {
  "use strict";

  const form = document.querySelector("[data-builder]");
  if (!form) return;
  let unsent = false;

  form.addEventListener("input", function () { unsent = true; });
  form.addEventListener("htmx:beforeRequest", function () { unsent = false; });

  function sendWhatIsLeft() {
    if (!unsent || !navigator.sendBeacon) return;
    const data = new FormData(form);
    data.set("action", "keep");
    // Not form.action: the form's buttons are named "action", and a field's name shadows the property.
    if (navigator.sendBeacon(form.getAttribute("action") || window.location.href, data)) unsent = false;
  }
  window.addEventListener("pagehide", sendWhatIsLeft);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") sendWhatIsLeft();
  });

  function changedByHand(field) {
    if (field.type === "hidden" || field.type === "submit" || !field.name) return false;
    if (field.tagName === "SELECT") {
      const chosen = field.options[field.selectedIndex];
      return Boolean(chosen) && !chosen.defaultSelected;
    }
    return field.value !== field.defaultValue;
  }

  let typed = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (!form.contains(event.detail.target)) return;
    typed = {};
    form.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (changedByHand(field)) typed[field.name] = field.value;
    });
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    if (!typed) return;
    const kept = typed;
    typed = null;
    let restored = false;
    Object.keys(kept).forEach(function (name) {
      const field = form.elements.namedItem(name);
      if (field && "value" in field && field.value !== kept[name]) {
        field.value = kept[name];
        restored = true;
      }
    });
    if (restored) {
      unsent = true;
      window.htmx.trigger(form, "change");
    }
  });
})();
