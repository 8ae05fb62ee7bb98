// Sunnsteel Web, the live workout (5 of 11): keeping rows in step with the server across reloads, lost
// connections, other tabs and devices.
// - Rows waiting for a connection are sent again on `online`, when the tab gets focus, and by a timer (for a
//   connection back without an `online` event): once each, oldest edit first; meanwhile one calm line in the
//   header says how many wait.
// - On focus, the server's newest confirmed edits (no backend call) update rows edited elsewhere.
// - Leaving the page: what is not saved yet goes in a beacon (an ordinary form post).
// - The workout finished elsewhere: said once, with a link to its record; nothing more is sent.
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  if (!S) return;
  const root = S.root;
  const NEWER_TEXT = "Changed on another tab or device: these are the newest values.";

  function waitingRows() {
    return S.allRows().filter(function (row) { return S.stateOf(row).waiting; });
  }

  function showWaiting() {
    const line = root.querySelector("[data-waiting]");
    if (!line) return;
    const count = waitingRows().length;
    line.hidden = count === 0 || S.finished;
    line.textContent = count === 1 ? "1 set waiting to save — it is sent when the connection is back."
      : count + " sets waiting to save — they are sent when the connection is back.";
  }
  S.on("waiting-changed", showWaiting);
  S.on("row-settled", showWaiting);

  let resending = false;
  function resendWaiting() {
    if (resending || S.finished) return;
    const rows = waitingRows().sort(function (a, b) { return S.stateOf(a).version - S.stateOf(b).version; });
    if (!rows.length) return;
    resending = true;
    rows.reduce(function (chain, row) {
      return chain.then(function () {
        const draft = S.readJSON(S.draftKey(row)) || {};
        return S.save(row, { clear: Boolean(draft.cleared) });
      });
    }, Promise.resolve()).then(function () { resending = false; showWaiting(); });
  }

  // The timer: 5 s after a row starts waiting, then twice as long after each try in vain, at most a minute;
  // from 5 s again once nothing waits.
  const RETRY_FIRST_MS = 5000;
  const RETRY_MAX_MS = 60000;
  let retryDelay = RETRY_FIRST_MS;
  let retryTimer = null;
  function retryLater() {
    if (!waitingRows().length || S.finished) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
      retryDelay = RETRY_FIRST_MS;
      return;
    }
    if (retryTimer !== null) return;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      resendWaiting();
    }, retryDelay);
  }
  S.on("waiting-changed", retryLater);
  S.on("row-settled", retryLater);

  let syncing = false;
  function syncFromServer() {
    if (S.finished || syncing) return; // focus and visibilitychange often come together: ask once
    syncing = true;
    const sets = S.allRows().map(function (row) { return S.keyOf(row).split(":").slice(1).join(":"); });
    const url = root.dataset.versionsUrl + "?sets=" + encodeURIComponent(sets.join(","));
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
      return response.ok ? response.json() : {};
    }).then(function (known) {
      S.allRows().forEach(function (row) {
        const record = known[S.keyOf(row)];
        const state = S.stateOf(row);
        if (!record || record.version <= state.version || state.inFlight || state.timer) return;
        const values = record.values || {};
        ["weight", "reps", "rpe"].forEach(function (name) { S.field(row, name).value = values[name] || ""; });
        state.version = state.confirmedVersion = record.version;
        state.confirmedCompleted = values.completed === "1";
        state.waiting = false;
        S.setCompleted(row, state.confirmedCompleted);
        S.forget(S.draftKey(row));
        S.setState(row, "newer");
        S.showProblem(row, [NEWER_TEXT], false, true);
      });
    }, function () { /* offline: nothing to compare with now */ }).then(function () { syncing = false; });
  }

  function backInView() {
    resendWaiting();
    syncFromServer();
  }
  window.addEventListener("online", resendWaiting);
  window.addEventListener("focus", backInView);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") backInView();
    else S.allRows().forEach(function (row) { if (S.stateOf(row).timer !== null) S.save(row); });
  });

  // Leaving the page: the page may be gone before an answer comes, so a beacon carries what is not saved
  // (its version makes a second copy after the reload harmless).
  S.unsavedRows = function () {
    return S.allRows().filter(function (row) {
      const state = S.stateOf(row);
      return state.timer !== null || state.inFlight || state.waiting ||
        ["unsaved", "saving", "failed", "waiting"].indexOf(S.stateName(row)) !== -1;
    });
  };
  window.addEventListener("pagehide", function () {
    if (!navigator.sendBeacon || S.finished) return;
    S.unsavedRows().forEach(function (row) {
      const state = S.stateOf(row);
      window.clearTimeout(state.timer);
      state.timer = null;
      const cleared = Boolean((S.readJSON(S.draftKey(row)) || {}).cleared);
      navigator.sendBeacon(S.saveUrl(row, cleared), S.formData(row, { clear: cleared }));
    });
  });

  S.on("finished-elsewhere", function (detail) {
    if (S.finished) return;
    S.finished = true;
    root.classList.add("is-finished-elsewhere");
    const notice = root.querySelector("[data-finished-elsewhere]");
    const link = notice && notice.querySelector("a");
    if (link && detail.url) link.href = detail.url;
    if (notice) notice.hidden = false;
    S.allRows().forEach(function (row) {
      const state = S.stateOf(row);
      window.clearTimeout(state.timer);
      state.timer = null;
      state.waiting = false;
      if (S.stateName(row) !== "saved" && S.stateName(row) !== "empty") S.setState(row, "finished");
      S.showProblem(row, [], false);
    });
    showWaiting();
  });
})();
