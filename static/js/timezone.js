// Sunnsteel Web: tells the server the browser's time zone, so calendar days and clock times are the user's.
//
// The zone goes into the `tz` cookie; when cookies cannot be stored, into the forms' hidden `tz` fields instead.
// A region rendered in another zone (`data-rendered-tz`, e.g. on the very first visit) is rendered again in this
// one: through htmx when it says `data-tz-refresh` (its id names the region), else by reloading the page.
(function () {
  "use strict";

  // Reading document.cookie asks the browser's cookie store (a few ms on a slow phone): once, unless written.
  let jar = document.cookie;
  function cookie(name) {
    const match = jar.match(new RegExp("(?:^|;\\s*)" + name + "=([^;]*)"));
    return match ? match[1] : "";
  }
  function setCookie(name, value) {
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = name + "=" + value + "; path=/; max-age=31536000; samesite=lax" + secure;
  }

  // Asking Intl for the zone costs 35-250 ms on a phone's first use in a page (it loads the zone data), so
  // it is asked only when the clock's offsets in January and July differ from those written beside the zone
  // (the `tzo` cookie): a move to another zone changes them; a zone with the same offsets has the same days.
  const offsets = new Date(2026, 0, 1).getTimezoneOffset() + "_" + new Date(2026, 6, 1).getTimezoneOffset();
  let zone = cookie("tz");
  const known = zone !== "" && cookie("tzo") === offsets;
  if (!known) {
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return; // no Intl: the server keeps using UTC
    }
  }
  if (!/^[A-Za-z0-9_+\-/]+$/.test(zone)) return;

  if (!known) {
    setCookie("tz", zone);
    setCookie("tzo", offsets);
    jar = document.cookie; // stored, or not (cookies refused)
  }
  const stored = cookie("tz") === zone;
  if (!stored) {
    document.querySelectorAll("input[data-tz-field]").forEach(function (input) {
      if (!input.value) input.value = zone;
    });
    return;
  }

  const region = document.querySelector("[data-rendered-tz]");
  if (!region || region.dataset.renderedTz === zone) return;
  const explicit = document.querySelector("input[data-tz-field]");
  if (explicit && explicit.value) return; // the address names a zone: it wins over the browser's
  if (!region.hasAttribute("data-tz-refresh") || !region.id || !window.htmx) {
    // Once per zone and tab: a zone this server does not know would otherwise reload the page forever.
    try {
      if (window.sessionStorage.getItem("sunnsteel:tz-reloaded") === zone) return;
      window.sessionStorage.setItem("sunnsteel:tz-reloaded", zone);
    } catch (error) {
      return;
    }
    window.location.reload();
    return;
  }
  const refresh = function () {
    window.htmx.ajax("GET", window.location.href, { source: region, target: "#" + region.id, swap: "outerHTML" });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", refresh);
  else refresh();
})();
