// Sunnsteel Web, the live workout (2 of 6): saving set rows. One request at a time per row (a newer edit
// waits for the one in flight), after a short pause in typing and at once on Done, Clear or Enter. Every
// request carries the edit's version, so the server can tell a stale or repeated save (workouts/sets.py).
// "Done" is optimistic; a second tap within DOUBLE_TAP_MS, or while its save is on its way, is ignored.
// Without a connection a row waits calmly (sync.js sends it again); a refusal or server error stays on the row.
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  if (!S) return;
  const root = S.root;
  const SAVE_DELAY_MS = 800;
  const DOUBLE_TAP_MS = 700;
  const FAILED_TEXT = "Not saved — your entry is kept. Try again.";
  const SUPERSEDED_TEXT = "Changed on another tab or device: these are the newest values.";
  const CSRF_TEXT = "Signed in again elsewhere: reload this page to keep saving (your entry is kept).";

  function csrfToken() {
    const input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // After signing in again in another tab the old token is refused; the server's 403 brings the new one.
  function useToken(token) {
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { input.value = token; });
    document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
  }

  function triggers(response) {
    const raw = response.headers.get("HX-Trigger") || "";
    try {
      return raw.charAt(0) === "{" ? JSON.parse(raw) : {};
    } catch (error) {
      return {};
    }
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

  S.saveUrl = function (row, clear) { return clear ? row.action.replace(/\/$/, "") + "/clear" : row.action; };

  S.formData = function (row, opts) {
    const data = new FormData(row);
    data.delete("toggle");
    data.set("version", String(S.stateOf(row).version));
    if (opts.reassert) data.set("reassert", "1");
    const state = S.stateOf(row);
    if (state.retryCompleted !== null && !opts.clear) data.set("completed", state.retryCompleted ? "1" : "0");
    return data;
  };

  function send(row, opts) {
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
        return answered(row, sent, opts, response, text);
      });
    }, function () {
      state.inFlight = false;
      unreachable(row, sent);
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

  function answered(row, sent, opts, response, text) {
    const state = S.stateOf(row);
    const latest = sent === state.version; // nothing edited since this request left
    const told = triggers(response);
    const redirect = response.headers.get("HX-Redirect");
    if (redirect) { // signed out: the draft is kept and comes back after signing in again
      S.keepDraft(row, opts.clear);
      window.location.href = redirect;
      return;
    }
    const outcome = response.headers.get("X-Set-Outcome");
    if (outcome === "finished") return S.emit("finished-elsewhere", { url: response.headers.get("X-Record-URL") });
    const token = response.headers.get("X-CSRF-Token");
    if (response.status === 403 && token && !opts.csrfRetried) {
      useToken(token);
      return send(row, Object.assign({}, opts, { csrfRetried: true }));
    }
    state.waiting = false;
    const fresh = text ? S.parseRow(text) : null;
    if (response.status === 409 && outcome === "superseded" && fresh) {
      if (!latest) return; // an even newer edit of ours is on its way
      S.adopt(row, fresh, true, true);
      state.version = state.confirmedVersion = Number(fresh.dataset.version) || state.version;
      state.confirmedCompleted = fresh.dataset.completed === "1";
      state.retryCompleted = null;
      S.setCompleted(row, state.confirmedCompleted);
      S.forget(S.draftKey(row));
      S.setState(row, "newer");
      S.showProblem(row, [SUPERSEDED_TEXT], false, true);
      return;
    }
    if (response.status === 202) { // the same edit is being written by another request: ask again shortly
      recheck(row, sent, told, opts);
      return;
    }
    if (response.status === 200 && fresh) {
      state.confirmedCompleted = fresh.dataset.completed === "1";
      state.confirmedVersion = Math.max(state.confirmedVersion, sent);
      state.retryCompleted = null;
      S.adopt(row, fresh, latest);
      if (latest) {
        S.setCompleted(row, state.confirmedCompleted);
        S.forget(S.draftKey(row));
        S.showProblem(row, [], false);
        S.markInvalid(row, []);
        S.setState(row, fresh.dataset.state);
      } else {
        S.setState(row, "unsaved"); // the newer values are on their way
      }
      recheck(row, sent, told, opts);
      return;
    }
    if (response.status === 422 && fresh) {
      if (!latest) return;
      const messages = Array.from(fresh.querySelectorAll(".set-row__error")).map(function (p) { return p.textContent; });
      const invalid = ["weight", "reps", "rpe"].filter(function (name) {
        return S.field(fresh, name).getAttribute("aria-invalid") === "true";
      });
      if (S.field(row, "completed").value === "1" && !state.confirmedCompleted) S.setCompleted(row, false);
      if (state.restFromThis) S.emit("rest-cancel"); // a refused Done starts no rest
      state.restFromThis = false;
      S.keepDraft(row, false);
      S.setState(row, "invalid");
      S.showProblem(row, messages, false);
      S.markInvalid(row, invalid);
      return;
    }
    if (!latest) return;
    if (response.status === 403) return fail(row, [CSRF_TEXT]);
    fail(row, (told.toasts || []).map(function (toast) { return toast.message; }));
  }

  // A save the server asked to be sent again (a late request may still land before then): once, if the
  // row still holds that edit.
  function recheck(row, sent, told, opts) {
    const again = told["set-recheck"];
    if (!again) return;
    window.setTimeout(function () {
      if (S.stateOf(row).version === sent) S.save(row, { reassert: true, clear: opts.clear });
    }, Number(again.after) || 1000);
  }

  // No answer at all (offline, or the connection dropped): kept, and sent again when the connection is back.
  function unreachable(row, sent) {
    const state = S.stateOf(row);
    state.waiting = true;
    if (sent === state.version) {
      S.setState(row, "waiting");
      S.showProblem(row, [], false);
    }
    S.emit("waiting-changed");
  }

  function fail(row, reasons) {
    const state = S.stateOf(row);
    const intended = S.field(row, "completed").value === "1";
    state.retryCompleted = intended !== state.confirmedCompleted ? intended : null;
    if (state.retryCompleted !== null) S.setCompleted(row, state.confirmedCompleted); // the draft keeps intent
    S.setState(row, "failed");
    S.showProblem(row, [FAILED_TEXT].concat(reasons), true);
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
    if (state.restFromThis) S.emit("rest-start", { seconds: Number(row.dataset.rest) || 0 });
    S.edited(row, 0);
  }

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
    if (row && event.target.classList.contains("set-row__input")) S.edited(row, SAVE_DELAY_MS);
  });
})();
