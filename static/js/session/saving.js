// Sunnsteel Web, the live workout (3 of 11): saving set rows. One request at a time per row (a newer edit
// waits for the one in flight), after a short pause in typing and at once on Done, Clear or Enter. Every
// request carries the edit's version, so the server can tell a stale or repeated save (workouts/sets.py).
// "Done" is optimistic; a second tap within DOUBLE_TAP_MS, or while its save is on its way, is ignored.
// What each answer means for the row is in answers.js.
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  if (!S) return;
  const root = S.root;
  const SAVE_DELAY_MS = 800;
  const DOUBLE_TAP_MS = 700;

  function csrfToken() {
    // Rows carry no token (workouts posts theirs without one); the page's other forms do.
    const input = root.querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  S.edited = function (row, delay) {
    const state = S.stateOf(row);
    state.version = S.newVersion();
    S.keepDraft(row, false);
    S.setState(row, "unsaved");
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(function () { S.save(row); }, delay);
  };

  S.save = function (row, opts) {
    const state = S.stateOf(row);
    window.clearTimeout(state.timer);
    state.timer = null;
    if (state.inFlight) {
      state.queued = opts || {};
      return Promise.resolve();
    }
    return send(row, opts || {});
  };

  // A row posts to its page (`clear` in its data when clearing); an older page's row to its own URL.
  S.saveUrl = function (row, clear) {
    return clear && !S.isRef(row) ? row.action.replace(/\/$/, "") + "/clear" : row.action;
  };

  S.formData = function (row, opts) {
    const data = new FormData(row);
    data.delete("toggle");
    data.set("version", String(S.stateOf(row).version));
    if (opts.reassert) data.set("reassert", "1");
    if (opts.clear) data.set("clear", "1");
    const state = S.stateOf(row);
    if (state.retryCompleted !== null && !opts.clear) data.set("completed", state.retryCompleted ? "1" : "0");
    return data;
  };

  function send(row, opts) { // also S.send: answers.js sends again after a refused CSRF token
    const state = S.stateOf(row);
    if (S.finished) return Promise.resolve();
    const sent = state.version;
    state.inFlight = true;
    S.setState(row, "saving");
    const request = fetch(S.saveUrl(row, opts.clear), {
      method: "POST", body: S.formData(row, opts), credentials: "same-origin",
      headers: { "HX-Request": "true", "HX-Current-URL": window.location.href, "X-CSRFToken": csrfToken() }
    });
    return request.then(function (response) {
      return response.text().then(function (text) {
        state.inFlight = false;
        return S.answered(row, sent, opts, response, text);
      });
    }, function () {
      state.inFlight = false;
      S.unreachable(row, sent);
    }).then(function () {
      if (!state.inFlight && state.queued) {
        const next = state.queued;
        state.queued = null;
        return send(row, next);
      }
      state.toggling = false;
      S.emit("row-settled", { row: row });
    });
  }

  function toggleDone(row) {
    const state = S.stateOf(row);
    const now = Date.now();
    if (now - state.lastToggleAt < DOUBLE_TAP_MS || (state.inFlight && state.toggling)) return; // a double tap
    state.lastToggleAt = now;
    state.toggling = true;
    const done = S.field(row, "completed").value !== "1";
    state.retryCompleted = null;
    S.setCompleted(row, done);
    state.restFromThis = done && S.field(row, "reps").value.trim() !== "";
    if (state.restFromThis) S.emit("rest-start", { seconds: S.restOf(row) });
    S.edited(row, 0);
  }

  S.send = function (row, opts) { return send(row, opts); };

  S.retry = function (row) {
    const state = S.stateOf(row);
    if (state.retryCompleted !== null) S.setCompleted(row, state.retryCompleted);
    state.retryCompleted = null;
    return S.save(row, { clear: Boolean((S.readJSON(S.draftKey(row)) || {}).cleared) });
  };

  S.clear = function (row) {
    const state = S.stateOf(row);
    state.version = S.newVersion();
    state.retryCompleted = null;
    S.keepDraft(row, true);
    return S.save(row, { clear: true });
  };

  root.addEventListener("submit", function (event) {
    const row = event.target;
    if (!(row instanceof HTMLFormElement) || !row.hasAttribute("data-set-row")) return;
    event.preventDefault();
    const submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-done")) toggleDone(row);
    else if (submitter && submitter.hasAttribute("data-retry")) S.retry(row);
    else if (submitter && submitter.hasAttribute("data-clear")) S.clear(row);
    else S.edited(row, 0); // Enter in an input: save now
  });

  root.addEventListener("input", function (event) {
    const row = S.rowOf(event.target);
    if (row && ["weight", "reps", "rpe"].indexOf(event.target.name) !== -1) S.edited(row, SAVE_DELAY_MS);
  });
})();
