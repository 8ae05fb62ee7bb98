// Sunnsteel Web, the live workout (4 of 11): what each answer to a set save means for its row (sent by
// saving.js; the statuses are described in workouts/sets.py). Without a connection a row waits calmly
// (sync.js sends it again); a refusal or a server error stays on the row, in the toast's words, never as a
// toast; a refused CSRF token (signed in again in another tab) is replaced and the save sent again once.
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  if (!S) return;
  const FAILED_TEXT = "Not saved — your entry is kept. Try again.";
  const SUPERSEDED_TEXT = "Changed on another tab or device: these are the newest values.";
  const CSRF_TEXT = "Signed in again elsewhere: reload this page to keep saving (your entry is kept).";

  const R = window.sunnsteelRequests; // app.js: HX-Trigger read, a refused CSRF token replaced

  S.answered = function (row, sent, opts, response, text) {
    const state = S.stateOf(row);
    const latest = sent === state.version; // nothing edited since this request left
    const told = R.triggers(response);
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
      R.useToken(token);
      return S.send(row, Object.assign({}, opts, { csrfRetried: true }));
    }
    state.waiting = false;
    const fresh = text ? S.parseRow(text) : null;
    if (response.status === 409 && outcome === "superseded" && fresh) {
      if (!latest) return; // an even newer edit of ours is on its way
      S.adopt(row, fresh, true, true);
      state.version = state.confirmedVersion = Number(fresh.dataset.version) || state.version;
      state.confirmedCompleted = S.field(fresh, "completed").value === "1";
      state.retryCompleted = null;
      S.setCompleted(row, state.confirmedCompleted);
      S.forget(S.draftKey(row));
      S.setState(row, "newer");
      S.showProblem(row, [SUPERSEDED_TEXT], false, true);
      recheck(row, state.version, told, opts); // the newer edit, once a late request can no longer land
      return;
    }
    if (response.status === 202) { // the same edit is being written by another request: ask again shortly
      recheck(row, sent, told, opts);
      return;
    }
    if (response.status === 200 && fresh) {
      state.confirmedCompleted = S.field(fresh, "completed").value === "1";
      state.confirmedVersion = Math.max(state.confirmedVersion, sent);
      state.retryCompleted = null;
      S.adopt(row, fresh, latest);
      if (latest) {
        S.setCompleted(row, state.confirmedCompleted);
        S.forget(S.draftKey(row));
        S.showProblem(row, [], false);
        S.markInvalid(row, []);
        S.setState(row, S.stateName(fresh));
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
  };

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
  S.unreachable = function (row, sent) {
    const state = S.stateOf(row);
    state.waiting = true;
    if (sent === state.version) {
      S.setState(row, "waiting");
      S.showProblem(row, [], false);
    }
    S.emit("waiting-changed");
  };

  function fail(row, reasons) {
    const state = S.stateOf(row);
    const intended = S.field(row, "completed").value === "1";
    state.retryCompleted = intended !== state.confirmedCompleted ? intended : null;
    if (state.retryCompleted !== null) S.setCompleted(row, state.confirmedCompleted); // the draft keeps intent
    S.setState(row, "failed");
    S.showProblem(row, [FAILED_TEXT].concat(reasons), true);
  }

})();
