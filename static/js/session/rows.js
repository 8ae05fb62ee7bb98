// Sunnsteel Web, the live workout (2 of 11): set rows as the other modules see them: each row's key and
// state, what it shows, its messages (on the namespace `store.js` made).
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  if (!S) return;
  const root = S.root;
  const STATUS_TEXT = { empty: "", unsaved: "Unsaved", saving: "Saving…", saved: "Saved", failed: "Not saved",
    invalid: "Check", waiting: "Waiting to save", newer: "Updated", finished: "Not saved" };

  // --- rows ----------------------------------------------------------------------------------------------
  const states = new Map();
  S.allRows = function () { return Array.from(root.querySelectorAll("form[data-set-row]")); };
  // A row's key, "session:exercise slot:set number" (workouts/presenters.py SetRow.key), is in its action:
  // "?s=<exercise slot>~<set number>~…" (the page's session; the slot's id as 22 characters of base64,
  // workouts/slots.py), or ".../workouts/<session>/sets/<exercise slot>/<set number>" on older pages.
  const ACTION = /\/workouts\/([^/]+)\/sets\/([^/]+)\/(\d+)\/?$/;
  const REF = /[?&]s=([\w-]+)~(\d+)~/;
  function longId(short) {
    if (short.length !== 22) return short;
    const bytes = window.atob(short.replace(/-/g, "+").replace(/_/g, "/") + "==");
    let hex = "";
    for (let i = 0; i < bytes.length; i += 1) hex += ("0" + bytes.charCodeAt(i).toString(16)).slice(-2);
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  S.keyOf = function (row) {
    const action = row.getAttribute("action") || "";
    const ref = REF.exec(action);
    if (ref) return [root.dataset.sessionId, longId(ref[1]), ref[2]].join(":");
    const parts = ACTION.exec(action);
    return parts ? parts.slice(1).join(":") : "";
  };
  S.isRef = function (row) { return REF.test(row.getAttribute("action") || ""); };
  // What a row shows (data-state, left out while it is "empty"); its rest, said once by its exercise.
  S.stateName = function (row) { return row.dataset.state || "empty"; };
  S.restOf = function (row) {
    const section = row.closest("[data-rest]");
    return section ? Number(section.dataset.rest) || 0 : 0;
  };
  S.rowOf = function (element) {
    return element && element.closest ? element.closest("form[data-set-row]") : null;
  };
  // version: of the values in the inputs; confirmedVersion: the newest the server has written.
  S.stateOf = function (row) {
    const key = S.keyOf(row);
    let state = states.get(key);
    if (!state) {
      const version = Number(row.dataset.version) || 0;
      state = { version: version, confirmedVersion: version, confirmedCompleted: S.field(row, "completed").value === "1",
        timer: null, inFlight: false, queued: null, lastToggleAt: 0, toggling: false, restFromThis: false,
        retryCompleted: null, waiting: false };
      states.set(key, state);
    }
    return state;
  };
  // A row not done leaves out its `completed` field ("0"): drawn here the first time it is asked for.
  S.field = function (row, name) {
    let field = row.elements.namedItem(name);
    if (!field && name === "completed") {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "completed";
      field.value = "0";
      row.prepend(field);
    }
    return field;
  };
  S.values = function (row) {
    return { weight: S.field(row, "weight").value, reps: S.field(row, "reps").value,
      rpe: S.field(row, "rpe").value, completed: S.field(row, "completed").value };
  };
  S.sameValues = function (a, b) {
    return a.weight === b.weight && a.reps === b.reps && a.rpe === b.rpe && a.completed === b.completed;
  };
  S.exerciseName = function (row) {
    const heading = row.closest("section") && row.closest("section").querySelector("h2");
    return heading ? heading.textContent.trim() : "";
  };

  S.draftKey = function (row) { return S.DRAFT_PREFIX + S.keyOf(row); };
  S.keepDraft = function (row, cleared) {
    const draft = S.values(row);
    draft.version = S.stateOf(row).version;
    draft.cleared = Boolean(cleared);
    draft.savedAt = Date.now();
    S.writeJSON(S.draftKey(row), draft);
  };

  S.setState = function (row, state) {
    row.dataset.state = state;
    const status = row.querySelector("[data-status]");
    if (status) status.textContent = STATUS_TEXT[state] || "";
  };

  // Messages on the row itself (never a toast); `calm`: information, not an error. The box and its Retry
  // are drawn the first time a row needs them (the server draws them only for a row it refused).
  function problemBox(row) {
    let problem = row.querySelector("[data-problem]");
    if (!problem) {
      problem = document.createElement("div");
      problem.className = "set-row__problem";
      problem.setAttribute("data-problem", "");
      problem.appendChild(document.createElement("div")).setAttribute("data-messages", "");
      row.appendChild(problem);
    }
    let retry = problem.querySelector("[data-retry]");
    if (!retry) {
      retry = problem.appendChild(document.createElement("button"));
      retry.className = "button button--secondary";
      retry.setAttribute("data-retry", "");
      retry.textContent = "Retry";
    }
    return problem;
  }
  S.showProblem = function (row, messages, retry, calm) {
    if (!messages.length && !retry && !row.querySelector("[data-problem]")) return; // nothing shown, none to hide
    const problem = problemBox(row);
    const box = problem.querySelector("[data-messages]");
    box.replaceChildren.apply(box, messages.map(function (message) {
      const line = document.createElement("p");
      line.className = calm ? "set-row__note" : "set-row__error";
      line.setAttribute("role", calm ? "status" : "alert");
      line.textContent = message;
      return line;
    }));
    problem.querySelector("[data-retry]").hidden = !retry;
    problem.hidden = messages.length === 0 && !retry;
  };

  // Only the inputs whose value was refused are outlined.
  S.markInvalid = function (row, names) {
    ["weight", "reps", "rpe"].forEach(function (name) {
      const input = S.field(row, name);
      if (names.indexOf(name) !== -1) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
  };

  S.setCompleted = function (row, done) {
    S.field(row, "completed").value = done ? "1" : "0";
    row.classList.toggle("is-done", done);
    const button = row.querySelector("[data-done]");
    button.setAttribute("aria-pressed", done ? "true" : "false");
    button.value = done ? "0" : "1";
    S.updateProgress();
  };

  S.updateProgress = function () {
    const rows = S.allRows();
    const done = rows.filter(function (row) { return S.field(row, "completed").value === "1"; }).length;
    const bar = document.getElementById("session-progress");
    if (bar) {
      bar.max = rows.length;
      bar.value = done;
    }
    const doneText = root.querySelector("[data-progress-done]");
    if (doneText) doneText.textContent = String(done);
  };

  S.parseRow = function (html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content.querySelector("form[data-set-row]");
  };

  // The server's row: its controls (status line, Clear) always; its input values only when asked to, and
  // never into the input the user is in (unless `force`: the newer values of another tab replace these).
  S.adopt = function (row, fresh, inputsToo, force) {
    const sub = row.querySelector("[data-row-sub]");
    const freshSub = fresh.querySelector("[data-row-sub]");
    if (sub && freshSub) sub.replaceWith(freshSub);
    if (!inputsToo) return;
    ["weight", "reps", "rpe"].forEach(function (name) {
      const input = S.field(row, name);
      if (force || document.activeElement !== input) input.value = S.field(fresh, name).value;
    });
  };
})();
