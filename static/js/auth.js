// The sign-in pages' only script (plain forms, no htmx; under 2 KiB: tests/accounts/test_auth_pages_light.py).
(function () {
  "use strict";
  function all(selector, each) { document.querySelectorAll(selector).forEach(each); }
  all("[data-toggle-password]", function (button) {
    const input = document.getElementById(button.dataset.togglePassword);
    button.hidden = false;
    button.onclick = function () {
      const show = input.type === "password";
      input.type = show ? "text" : "password";
      button.textContent = show ? "Hide" : "Show";
      button.setAttribute("aria-pressed", show);
    };
  });
  const LABELS = ["Too short", "Weak", "Fair", "Good", "Strong"];
  all("[data-strength-for]", function (hint) {
    const input = document.getElementById(hint.dataset.strengthFor);
    input.oninput = function () {
      const v = input.value;
      const mixed = /[0-9]/.test(v) && /[a-z]/i.test(v);
      const score = Math.min(4, (v.length > 5) + (v.length > 9) + mixed + (/[^a-z0-9]/i.test(v) || v.length > 15));
      hint.dataset.score = score;
      hint.textContent = v ? "Strength: " + LABELS[score] : "";
    };
  });
  const expired = document.querySelector("[data-link-expired]"); // said in the fragment
  if (expired && new URLSearchParams(location.hash.slice(1)).get("error")) {
    expired.hidden = false;
    document.querySelector("input[name=email]").focus();
  }
  all("[data-toast]", function (toast) { // errors stay up
    toast.querySelector(".toast__close").onkeydown = function (event) {
      if (event.key === "Enter" || event.key === " ") toast.remove();
    };
    if (toast.dataset.level !== "error") setTimeout(function () { toast.remove(); }, 5000);
  });
  try { // as timezone.js does: Intl (slow) only when the offsets are not those written beside the zone
    const offsets = new Date(2026, 0, 1).getTimezoneOffset() + "_" + new Date(2026, 6, 1).getTimezoneOffset();
    if (!/(^|;\s*)tz=/.test(document.cookie) || !new RegExp("(^|;\\s*)tzo=" + offsets + "(;|$)").test(document.cookie)) {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const attributes = "; path=/; max-age=31536000; samesite=lax" + (location.protocol === "https:" ? "; secure" : "");
      if (/^[\w+\-/]+$/.test(zone)) document.cookie = "tz=" + zone + attributes;
      document.cookie = "tzo=" + offsets + attributes;
    }
  } catch (error) { /* UTC */ }
})();
