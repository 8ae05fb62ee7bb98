// Sunnsteel Web: tells the server the browser's time zone, so calendar days and clock times are the user's.
//
// The zone goes into the `tz` cookie; when cookies cannot be stored, into the forms' hidden `tz` fields instead.
// A region rendered in another zone (`data-rendered-tz`, e.g. on the very first visit) is rendered again in this
// one: through htmx when it says `data-tz-refresh` (its id names the region), else by reloading the page.
(function () {
  "use strict";

  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return; // no Intl: the server keeps using UTC
  }
  if (!/^[A-Za-z0-9_+\-/]+$/.test(zone)) return;

  function cookieZone() {
    const match = document.cookie.match(/(?:^|;\s*)tz=([^;]*)/);
    return match ? match[1] : "";
  }

  if (cookieZone() !== zone) {
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = "tz=" + zone + "; path=/; max-age=31536000; samesite=lax" + secure;
  }
  const stored = cookieZone() === zone;
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
