// Sunnsteel Web, the live workout (6 of 11): what was typed before a reload. A draft (localStorage) newer
// than what the server confirmed is sent again; with the same version as before, so a page-leave beacon and
// this restore are written once (workouts/setversions.py). Drafts of long-gone sessions are swept.
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  if (!S) return;
  const root = S.root;
  const DRAFT_MAX_AGE_MS = 3 * 24 * 3600 * 1000;

  // Rows typed in before this script ran (a slow connection: the page was usable before us; autocomplete="off":
  // the browser restores nothing itself). One query for the page's inputs, not three lookups per row.
  const TYPED = "form[data-set-row] input:is([name=weight], [name=reps], [name=rpe])";
  function typedBeforeThisScript() {
    const rows = new Set();
    root.querySelectorAll(TYPED).forEach(function (input) {
      if (input.value !== input.defaultValue) rows.add(input.form);
    });
    return rows;
  }

  // The drafts kept in this browser, by key, in one pass over the storage: most rows have none, and a row
  // without one costs no read (the page's start-up work, issue 16).
  function draftKeys() {
    const keys = new Set();
    if (!S.storage) return keys;
    for (let i = 0; i < S.storage.length; i += 1) {
      const key = S.storage.key(i);
      if (key && key.indexOf(S.DRAFT_PREFIX) === 0) keys.add(key);
    }
    return keys;
  }

  function restoreDrafts(kept) {
    const typed = typedBeforeThisScript();
    if (!kept.size && !typed.size) return; // the usual page: nothing to restore, no row touched
    S.allRows().forEach(function (row) {
      const key = S.draftKey(row);
      const draft = kept.has(key) ? S.readJSON(key) : null;
      if (!draft) {
        if (typed.has(row)) S.edited(row, 0);
        return;
      }
      kept.delete(key);
      const state = S.stateOf(row);
      // A draft from before versions: newer unless the server shows exactly it as saved.
      const version = draft.version || (S.sameValues(draft, S.values(row)) && S.stateName(row) === "saved"
        ? 0 : S.newVersion());
      if (version <= state.confirmedVersion) {
        S.forget(key); // the server has this edit, or a newer one
        return;
      }
      state.version = version; // the same edit as before the reload, not a new one
      if (!draft.cleared) {
        S.field(row, "weight").value = draft.weight || "";
        S.field(row, "reps").value = draft.reps || "";
        S.field(row, "rpe").value = draft.rpe || "";
        S.setCompleted(row, draft.completed === "1");
      }
      S.save(row, { clear: Boolean(draft.cleared) });
    });
  }

  // Drafts of long-gone sessions (none of this page's rows): swept once the page has loaded.
  function sweepDrafts(others) {
    others.forEach(function (key) {
      const draft = S.readJSON(key);
      if (!draft || !draft.savedAt || Date.now() - draft.savedAt > DRAFT_MAX_AGE_MS) S.forget(key);
    });
  }

  function whenReady(callback) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", callback);
    else callback();
  }
  whenReady(function () {
    const kept = draftKeys();
    restoreDrafts(kept); // the progress line is the server's count until a restored draft changes it
    if (kept.size) window.addEventListener("load", function () { window.setTimeout(sweepDrafts, 0, kept); });
  });
})();
