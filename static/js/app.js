// Sunnsteel Web: small enhancements on top of pages that already work without JavaScript.
// Toasts from htmx events, password show/hide and strength hint. No inline scripts (CSP).
(function () {
  "use strict";

  const AUTO_DISMISS_MS = 5000;

  function dismiss(toast) {
    toast.remove();
  }

  function armToast(toast) {
    const close = toast.querySelector(".toast__close");
    if (close) {
      close.addEventListener("click", function (event) {
        event.preventDefault();
        dismiss(toast);
      });
      close.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); dismiss(toast); }
      });
    }
    if (toast.dataset.level !== "error") {
      window.setTimeout(function () { dismiss(toast); }, AUTO_DISMISS_MS);
    }
  }

  function showToast(detail) {
    const region = document.getElementById("toasts");
    const template = document.getElementById("toast-template");
    if (!region || !template) return;
    const toast = template.content.firstElementChild.cloneNode(true);
    const level = detail.level || "info";
    toast.classList.add("toast--" + level);
    toast.dataset.level = level;
    toast.setAttribute("role", level === "error" ? "alert" : "status");
    toast.querySelector(".toast__title").textContent = detail.title || "";
    toast.querySelector(".toast__message").textContent = detail.message || "";
    region.appendChild(toast);
    armToast(toast);
  }
  window.sunnsteelToast = showToast;

  // Toasts delivered by the server in HX-Trigger: {"toasts": [{title, message, level}, ...]}
  document.body.addEventListener("toasts", function (event) {
    (event.detail.value || []).forEach(showToast);
  });

  // A request that never got an answer (offline, server down): the server could not send a toast.
  document.body.addEventListener("htmx:sendError", function () {
    showToast({ title: "Connection problem", message: "Could not reach Sunnsteel. Check your connection and try again.", level: "error" });
  });

  // A region loaded by htmx (hx-get) that failed: say so in place, with a Retry; the rest of the page
  // stays as it was. The toast (from HX-Trigger, or the one above) says why.
  function offerRetry(event) {
    const detail = event.detail || {};
    const config = detail.requestConfig || {};
    const target = detail.target;
    if ((config.verb || "").toLowerCase() !== "get" || !target || target === document.body) return;
    if (target.querySelector(":scope > .inline-retry")) return;
    const box = document.createElement("div");
    box.className = "inline-retry";
    box.setAttribute("role", "alert");
    const text = document.createElement("span");
    text.textContent = "This part could not be loaded.";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = "Retry";
    button.addEventListener("click", function () {
      box.remove();
      window.htmx.ajax("GET", config.path, { source: detail.elt, target: target });
    });
    box.append(text, button);
    target.prepend(box);
  }
  document.body.addEventListener("htmx:responseError", offerRetry);
  document.body.addEventListener("htmx:sendError", offerRetry);

  document.querySelectorAll("[data-toast]").forEach(armToast);

  // Installable and usable without signal: the service worker keeps the app and your last pages (sw.js).
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  // A page the service worker showed from what it kept, because there was no signal: say so, and since when.
  const keptAt = document.body.dataset.offlineAsOf;
  if (keptAt !== undefined) {
    const bar = document.createElement("p");
    bar.className = "offline-bar";
    bar.setAttribute("role", "status");
    const when = new Date(keptAt);
    const time = isNaN(when) ? "" : " as of " + when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const what = document.querySelector("[data-workout-session]") ? "your workout" : "this page";
    bar.textContent = "Offline — showing " + what + time + ".";
    document.body.insertBefore(bar, document.getElementById("main"));
    window.addEventListener("online", function () {
      bar.textContent = "Back online. ";
      const refresh = document.createElement("a");
      refresh.href = window.location.href;
      refresh.textContent = "Refresh";
      bar.appendChild(refresh);
    });
  }

  // Show/hide password.
  document.querySelectorAll("[data-toggle-password]").forEach(function (button) {
    const input = document.getElementById(button.dataset.togglePassword);
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      const show = input.type === "password";
      input.type = show ? "text" : "password";
      button.textContent = show ? "Hide" : "Show";
      button.setAttribute("aria-pressed", String(show));
    });
  });

  // Password strength hint (advice only; the auth server decides).
  const LABELS = ["Too short", "Weak", "Fair", "Good", "Strong"];
  document.querySelectorAll("[data-strength-for]").forEach(function (hint) {
    const input = document.getElementById(hint.dataset.strengthFor);
    if (!input) return;
    input.addEventListener("input", function () {
      const value = input.value;
      let score = 0;
      if (value.length >= 6) score = 1;
      if (value.length >= 10) score += 1;
      if (/[0-9]/.test(value) && /[a-zA-Z]/.test(value)) score += 1;
      if (/[^a-zA-Z0-9]/.test(value) || value.length >= 16) score += 1;
      score = Math.min(score, 4);
      hint.dataset.score = String(score);
      hint.textContent = value ? "Strength: " + LABELS[score] : "";
    });
  });
})();
