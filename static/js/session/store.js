// Sunnsteel Web, the live workout (1 of 11): what the other modules share. Loaded first; creates the page's
// namespace `window.sunnsteelSession` (S): storage, events between the modules (S.on / S.emit) and the
// versions that date each edit. Rows are plain forms that work without any of this.
(function () {
  "use strict";

  const root = document.querySelector("[data-workout-session]");
  if (!root) return;
  const S = (window.sunnsteelSession = { root: root, finished: false });

  S.DRAFT_PREFIX = "sunnsteel:draft:";

  // --- storage (absent in some private modes; then the row's save is the only copy) -------------------
  const storage = (function () {
    try {
      const probe = "sunnsteel:probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  })();
  S.storage = storage;
  S.readJSON = function (key) {
    if (!storage) return null;
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null; // unreadable leftovers count as nothing kept
    }
  };
  S.writeJSON = function (key, value) {
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full: the save request still carries the values; only the reload safety net is lost.
    }
  };
  S.forget = function (key) { if (storage) storage.removeItem(key); };

  // --- events between the modules ------------------------------------------------------------------------
  S.on = function (name, handler) {
    root.addEventListener("session:" + name, function (event) { handler(event.detail || {}); });
  };
  S.emit = function (name, detail) {
    root.dispatchEvent(new CustomEvent("session:" + name, { detail: detail || {} }));
  };

  // --- versions: when an edit was made, in the server's time (workouts/setversions.py) ------------------
  // The page's server time is only "now" when the page is fresh: one kept by a service worker and shown
  // without signal (body[data-offline-as-of]) would date every edit in the past, so then this clock is used.
  // Measured against when the page's answer arrived, not when this script runs: on a slow connection the
  // scripts come seconds later, and every edit would be dated that much too early (another tab's earlier
  // edit would then count as the newer one).
  const fresh = document.body.dataset.offlineAsOf === undefined;
  const arrived = (function () {
    const entry = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")[0] : null;
    const known = entry && entry.responseStart > 0 && typeof performance.timeOrigin === "number";
    return known ? performance.timeOrigin + entry.responseStart : Date.now();
  })();
  const measured = (Number(root.dataset.serverMs) || arrived) - arrived;
  const skew = fresh && Math.abs(measured) < 3600 * 1000 ? measured : 0;
  let lastVersion = 0;
  S.newVersion = function () {
    lastVersion = Math.max(Math.round(Date.now() + skew), lastVersion + 1);
    return lastVersion;
  };
})();
