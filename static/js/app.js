// Sunnsteel Web: small enhancements on top of pages that already work without JavaScript.
// Toasts from htmx events (or the live page's own loader), inline retries, the service worker. No inline
// scripts (CSP). The sign-in pages load static/js/auth.js instead.
(function () {
  "use strict";

  const AUTO_DISMISS_MS = 5000;

  function dismiss(toast) {
    toast.remove();
  }

  function armToast(toast) {
    const close = toast.querySelector(".toast__close");
    if (close && !toast.dataset.armed) {
      close.addEventListener("click", function (event) {
        event.preventDefault();
        dismiss(toast);
      });
      close.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); dismiss(toast); }
      });
    }
    toast.dataset.armed = "1";
    if (toast.dataset.level !== "error") {
      window.clearTimeout(toast.sunnsteelTimer);
      toast.sunnsteelTimer = window.setTimeout(function () { dismiss(toast); }, AUTO_DISMISS_MS);
    }
  }

  // Where toasts go: a page may offer a place of its own (the live workout: inside its header, so no toast
  // ever covers the sets or the header); else the page's toast region.
  function toastHome() {
    return document.querySelector("[data-toast-home]") || document.getElementById("toasts");
  }

  function sameToast(toast, detail, level) {
    return toast.dataset.level === level &&
      toast.querySelector(".toast__title").textContent === (detail.title || "") &&
      (toast.querySelector(".toast__message").firstChild || { textContent: "" }).textContent.trim() ===
        (detail.message || "");
  }

  // Identical messages are told once: a repeat only counts ("×2") and keeps the toast up a little longer.
  function showToast(detail) {
    const region = toastHome();
    const template = document.getElementById("toast-template");
    if (!region || !template) return;
    const level = detail.level || "info";
    const twin = Array.from(region.querySelectorAll("[data-toast]")).find(function (toast) {
      return sameToast(toast, detail, level);
    });
    if (twin) {
      twin.dataset.count = String((Number(twin.dataset.count) || 1) + 1);
      twin.querySelector(".toast__count").textContent = "×" + twin.dataset.count;
      armToast(twin);
      return;
    }
    const toast = template.content.firstElementChild.cloneNode(true);
    toast.classList.add("toast--" + level);
    toast.dataset.level = level;
    toast.setAttribute("role", level === "error" ? "alert" : "status");
    toast.querySelector(".toast__title").textContent = detail.title || "";
    const message = toast.querySelector(".toast__message");
    message.replaceChildren(document.createTextNode(detail.message || ""));
    if (detail.link && detail.link.charAt(0) === "/" && detail.link.charAt(1) !== "/") {
      const link = document.createElement("a");
      link.className = "toast__link";
      link.href = detail.link;
      link.textContent = detail.link_text || "Open";
      message.append(" ", link);
    }
    region.appendChild(toast);
    armToast(toast);
  }
  window.sunnsteelToast = showToast;

  // Toasts drawn by the server into the page move to the page's own place for them, if it has one.
  (function () {
    const home = document.querySelector("[data-toast-home]");
    const region = document.getElementById("toasts");
    if (home && region) region.querySelectorAll("[data-toast]").forEach(function (toast) { home.appendChild(toast); });
  })();

  // Toasts delivered by the server in HX-Trigger: {"toasts": [{title, message, level}, ...]}
  document.body.addEventListener("toasts", function (event) {
    (event.detail.value || []).forEach(showToast);
  });

  // What htmx's events below and the live page's own loader (session/dialogs.js, no htmx there) share:
  // window.sunnsteelRequests.

  // A request that never got an answer (offline, server down): the server could not send a toast.
  function unreachable() {
    showToast({ title: "Connection problem", message: "Could not reach Sunnsteel. Check your connection and try again.", level: "error" });
  }

  // A region that failed to load: say so in place, with a Retry; the rest of the page stays as it was.
  // The toast (from HX-Trigger, or the one above) says why.
  function offerRetry(target, again) {
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
      again();
    });
    box.append(text, button);
    target.prepend(box);
  }

  // A form sent from a page opened before signing in again (another tab): the server refuses the old CSRF
  // token and sends the current one (sunnsteel_web/csrf.py); the page uses it from now on.
  function useToken(token) {
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { input.value = token; });
    document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
  }
  function tokenRenewed(token) {
    useToken(token);
    showToast({ title: "Signed in again", message: "This page was open from before. Tap again to send it.", level: "info" });
  }
  // The events an answer's HX-Trigger header names, for a script's own fetch: {"toasts": [...], ...}.
  function triggers(response) {
    const raw = response.headers.get("HX-Trigger") || "";
    try {
      return raw.charAt(0) === "{" ? JSON.parse(raw) : {};
    } catch (error) {
      return {};
    }
  }
  window.sunnsteelRequests = {
    triggers: triggers, unreachable: unreachable, offerRetry: offerRetry, useToken: useToken, tokenRenewed: tokenRenewed
  };

  document.body.addEventListener("htmx:sendError", unreachable);

  // A region loaded by htmx (hx-get) that failed, or got no answer: a Retry in place.
  function retryRegion(event) {
    const detail = event.detail || {};
    const config = detail.requestConfig || {};
    const target = detail.target;
    if ((config.verb || "").toLowerCase() !== "get" || !target || target === document.body) return;
    offerRetry(target, function () {
      window.htmx.ajax("GET", config.path, { source: detail.elt, target: target });
    });
  }
  document.body.addEventListener("htmx:responseError", retryRegion);
  document.body.addEventListener("htmx:responseError", function (event) {
    const xhr = event.detail.xhr;
    const token = xhr && xhr.status === 403 ? xhr.getResponseHeader("X-CSRF-Token") : null;
    if (token) tokenRenewed(token);
  });
  document.body.addEventListener("htmx:sendError", retryRegion);

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
})();
