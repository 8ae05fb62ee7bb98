// Sunnsteel Web: a field typed in before the page's scripts arrived (a slow connection: the page is usable
// first) met no htmx listener, so a search did not search and the routine builder did not store it. Once
// htmx has wired the page (its DOMContentLoaded handler runs before this one: it is the earlier script),
// each form with an hx-trigger is told of the change once, as the event its trigger waits for.
(function () {
  "use strict";

  function typedEarly(field) {
    if (field.type === "hidden" || !field.name) return false;
    if (field.tagName === "SELECT") {  // by default the option marked selected, else the first
      const marked = Array.from(field.options).findIndex(function (option) { return option.defaultSelected; });
      return field.selectedIndex !== Math.max(marked, 0);
    }
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    return "defaultValue" in field && field.value !== field.defaultValue;
  }
  function replayEarlyInput() {
    document.querySelectorAll("form[hx-trigger]").forEach(function (form) {
      const field = Array.from(form.elements).find(typedEarly);
      if (!field) return;
      const kind = /(^|[\s,])change\b/.test(form.getAttribute("hx-trigger")) ? "change" : "input";
      field.dispatchEvent(new Event(kind, { bubbles: true }));
    });
  }
  // A deferred script runs before DOMContentLoaded (the document already "interactive").
  if (document.readyState === "complete") replayEarlyInput();
  else document.addEventListener("DOMContentLoaded", replayEarlyInput);
})();
