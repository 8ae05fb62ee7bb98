// Sunnsteel Web: the live workout page, on top of rows that are already working forms.
//
// - Each set row saves through htmx (`hx-trigger="save"`, one request at a time per row: `hx-sync`), after a
//   short pause in typing, at once on "done", and when the page is hidden or left.
// - What is typed waits in localStorage (per session and set) until the server confirms it, and comes back
//   after a reload. A response to an older request never overwrites newer typing (sequence numbers per row),
//   and inputs are never replaced while the user is in them.
// - "Done" is optimistic: the row and the progress change at once and roll back if the save fails, which
//   leaves the typed values in place and offers Retry.
// - A rest timer at the bottom (survives a reload), the ticking elapsed time, and Screen Wake Lock.
(function () {
  "use strict";

  const root = document.querySelector("[data-workout-session]");
  if (!root || !window.htmx) return;

  const SAVE_DELAY_MS = 800;
  const DRAFT_PREFIX = "sunnsteel:draft:";
  const DRAFT_MAX_AGE_MS = 3 * 24 * 3600 * 1000;
  const REST_KEY = "sunnsteel:rest:" + root.dataset.sessionId;
  const STATUS_TEXT = { empty: "", unsaved: "Unsaved", saving: "Saving…", saved: "Saved", failed: "Not saved",
    invalid: "Check" };
  const FAILED_TEXT = "Not saved — your entry is kept. Try again.";

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

  function readJSON(key) {
    if (!storage) return null;
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null; // unreadable leftovers count as nothing kept
    }
  }

  function writeJSON(key, value) {
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full: the save request still carries the values; only the reload safety net is lost.
    }
  }

  function forget(key) {
    if (storage) storage.removeItem(key);
  }

  // --- rows --------------------------------------------------------------------------------------------
  const states = new Map(); // row key -> {seq, confirmedCompleted, timer, inFlight, retryCompleted}

  function allRows() {
    return Array.from(root.querySelectorAll("form[data-set-row]"));
  }

  function rowOf(element) {
    return element && element.closest ? element.closest("form[data-set-row]") : null;
  }

  function stateOf(row) {
    let state = states.get(row.dataset.key);
    if (!state) {
      state = { seq: 0, confirmedCompleted: row.dataset.completed === "1", timer: null, inFlight: 0,
        retryCompleted: null };
      states.set(row.dataset.key, state);
    }
    return state;
  }

  function field(row, name) {
    return row.elements.namedItem(name);
  }

  function values(row) {
    return { weight: field(row, "weight").value, reps: field(row, "reps").value, rpe: field(row, "rpe").value,
      completed: field(row, "completed").value };
  }

  function sameValues(a, b) {
    return a.weight === b.weight && a.reps === b.reps && a.rpe === b.rpe && a.completed === b.completed;
  }

  function draftKey(row) {
    return DRAFT_PREFIX + row.dataset.key;
  }

  function keepDraft(row) {
    const draft = values(row);
    draft.savedAt = Date.now();
    writeJSON(draftKey(row), draft);
  }

  function setState(row, state) {
    row.dataset.state = state;
    const status = row.querySelector("[data-status]");
    if (status) status.textContent = STATUS_TEXT[state] || "";
  }

  function showProblem(row, messages, retry) {
    const problem = row.querySelector("[data-problem]");
    const box = problem.querySelector("[data-messages]");
    box.replaceChildren.apply(box, messages.map(function (message) {
      const line = document.createElement("p");
      line.className = "set-row__error";
      line.setAttribute("role", "alert");
      line.textContent = message;
      return line;
    }));
    problem.querySelector("[data-retry]").hidden = !retry;
    problem.hidden = messages.length === 0 && !retry;
  }

  function setCompleted(row, done) {
    field(row, "completed").value = done ? "1" : "0";
    row.dataset.completed = done ? "1" : "0";
    row.classList.toggle("is-done", done);
    const button = row.querySelector("[data-done]");
    button.setAttribute("aria-pressed", done ? "true" : "false");
    button.value = done ? "0" : "1";
    updateProgress();
  }

  function updateProgress() {
    const rows = allRows();
    const done = rows.filter(function (row) { return field(row, "completed").value === "1"; }).length;
    const bar = document.getElementById("session-progress");
    if (bar) {
      bar.max = rows.length;
      bar.value = done;
    }
    const doneText = root.querySelector("[data-progress-done]");
    if (doneText) doneText.textContent = String(done);
  }

  // --- saving ------------------------------------------------------------------------------------------
  function edited(row, delay) {
    const state = stateOf(row);
    state.seq += 1;
    keepDraft(row);
    setState(row, "unsaved");
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(function () { save(row); }, delay);
  }

  function save(row) {
    const state = stateOf(row);
    window.clearTimeout(state.timer);
    state.timer = null;
    window.htmx.trigger(row, "save");
  }

  function toggleDone(row) {
    const done = field(row, "completed").value !== "1";
    setCompleted(row, done);
    if (done) restTimer.start(Number(row.dataset.rest) || 0);
    edited(row, 0);
  }

  function retry(row) {
    const state = stateOf(row);
    if (state.retryCompleted !== null) setCompleted(row, state.retryCompleted);
    state.retryCompleted = null;
    edited(row, 0);
  }

  function fail(row) {
    const state = stateOf(row);
    const intended = field(row, "completed").value === "1";
    state.retryCompleted = intended !== state.confirmedCompleted ? intended : null;
    if (state.retryCompleted !== null) setCompleted(row, state.confirmedCompleted); // roll back; draft keeps intent
    setState(row, "failed");
    showProblem(row, [FAILED_TEXT], true);
  }

  function parseRow(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content.querySelector("form[data-set-row]");
  }

  // The server's row: its controls (status line, Clear) always; its input values only when nothing was typed
  // since the request left and the user is not in that input.
  function adopt(row, fresh, inputsToo) {
    const sub = row.querySelector("[data-row-sub]");
    const freshSub = fresh.querySelector("[data-row-sub]");
    if (sub && freshSub) {
      sub.replaceWith(freshSub);
      window.htmx.process(freshSub);
    }
    if (!inputsToo) return;
    ["weight", "reps", "rpe"].forEach(function (name) {
      const input = field(row, name);
      if (document.activeElement !== input) input.value = field(fresh, name).value;
    });
  }

  root.addEventListener("submit", function (event) {
    const row = event.target;
    if (!(row instanceof HTMLFormElement) || !row.hasAttribute("data-set-row")) return;
    event.preventDefault();
    const submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-done")) toggleDone(row);
    else if (submitter && submitter.hasAttribute("data-retry")) retry(row);
    else edited(row, 0); // Enter in an input: save now
  });

  root.addEventListener("input", function (event) {
    const row = rowOf(event.target);
    if (row && event.target.classList.contains("set-row__input")) edited(row, SAVE_DELAY_MS);
  });

  root.addEventListener("htmx:beforeRequest", function (event) {
    const row = rowOf(event.detail.elt);
    if (!row || !event.detail.elt.hasAttribute("data-clear")) return;
    const state = stateOf(row); // clearing replaces any pending save of this row
    window.clearTimeout(state.timer);
    state.timer = null;
  });

  root.addEventListener("htmx:beforeSend", function (event) {
    const row = rowOf(event.detail.elt);
    if (!row) return;
    const state = stateOf(row);
    event.detail.xhr.sunnsteelSeq = state.seq;
    state.inFlight += 1;
    setState(row, "saving");
  });

  root.addEventListener("htmx:afterRequest", function (event) {
    const row = rowOf(event.detail.elt);
    if (!row) return;
    const xhr = event.detail.xhr;
    const state = stateOf(row);
    state.inFlight = Math.max(0, state.inFlight - 1);
    const latest = xhr.sunnsteelSeq === state.seq; // nothing typed since this request left
    const cleared = event.detail.elt.hasAttribute("data-clear");
    const fresh = xhr.status === 200 || xhr.status === 422 ? parseRow(xhr.responseText) : null;
    if (xhr.status === 200 && fresh) {
      state.confirmedCompleted = fresh.dataset.completed === "1";
      adopt(row, fresh, latest || cleared);
      if (latest || cleared) {
        state.seq += cleared ? 1 : 0; // a save that left before the clear must not bring old values back
        setCompleted(row, state.confirmedCompleted);
        forget(draftKey(row));
        showProblem(row, [], false);
        setState(row, fresh.dataset.state);
      } else {
        setState(row, "unsaved"); // the newer values are on their way
      }
    } else if (xhr.status === 422 && fresh) {
      if (!latest) return;
      const messages = Array.from(fresh.querySelectorAll(".set-row__error")).map(function (p) { return p.textContent; });
      if (field(row, "completed").value === "1" && !state.confirmedCompleted) setCompleted(row, false);
      keepDraft(row);
      setState(row, "invalid");
      showProblem(row, messages, false);
    } else if (latest) {
      fail(row); // server error, no answer, or a refusal: the toast says which
    }
  });

  document.body.addEventListener("set-saved", updateProgress);

  // Leaving or hiding the page: send what is not saved yet. On pagehide the page may be gone before an
  // answer comes, so a beacon carries it (an ordinary form post; the draft stays until a load confirms it).
  function unsavedRows() {
    return allRows().filter(function (row) {
      const state = stateOf(row);
      return state.timer !== null || ["unsaved", "saving", "failed"].indexOf(row.dataset.state) !== -1;
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      allRows().forEach(function (row) { if (stateOf(row).timer !== null) save(row); });
    }
  });

  window.addEventListener("pagehide", function () {
    if (!navigator.sendBeacon) return;
    unsavedRows().forEach(function (row) {
      const state = stateOf(row);
      window.clearTimeout(state.timer);
      state.timer = null;
      const data = new FormData(row);
      if (state.retryCompleted !== null) data.set("completed", state.retryCompleted ? "1" : "0");
      navigator.sendBeacon(row.action, data);
    });
  });

  // Finishing waits for rows still saving, and not while a row could not be saved.
  const finishForm = root.querySelector("[data-finish-form]");
  if (finishForm) {
    finishForm.addEventListener("htmx:confirm", function (event) {
      const pending = unsavedRows();
      if (!pending.length) return;
      event.preventDefault();
      pending.forEach(function (row) {
        if (row.dataset.state === "failed") retry(row);
        else if (row.dataset.state !== "saving") save(row);
      });
      const started = Date.now();
      const waiting = window.setInterval(function () {
        const still = allRows().filter(function (row) {
          return stateOf(row).inFlight > 0 || ["unsaved", "saving"].indexOf(row.dataset.state) !== -1;
        });
        if (still.length && Date.now() - started < 15000) return;
        window.clearInterval(waiting);
        const failed = allRows().filter(function (row) { return row.dataset.state === "failed" || row.dataset.state === "invalid"; });
        if (failed.length || still.length) {
          window.sunnsteelToast({ title: "Not finished", level: "error",
            message: "Some sets are not saved yet. Retry them (or clear them), then finish." });
          (failed[0] || still[0]).scrollIntoView({ block: "center" });
          return;
        }
        event.detail.issueRequest(true);
      }, 100);
    });
  }

  // --- rest timer ----------------------------------------------------------------------------------------
  function clock(seconds) {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = String(seconds % 60).padStart(2, "0");
    return hours ? hours + ":" + String(minutes).padStart(2, "0") + ":" + rest : minutes + ":" + rest;
  }

  const restTimer = (function () {
    const box = document.getElementById("rest-timer");
    if (!box) return { start: function () {} };
    const time = box.querySelector("[data-rest-time]");
    const label = box.querySelector("[data-rest-label]");
    let endsAt = 0;
    let ticking = null;
    let signalled = false;

    function remember() {
      writeJSON(REST_KEY, { endsAt: endsAt, setAt: Date.now() });
    }

    function hide() {
      box.hidden = true;
      box.classList.remove("is-over");
      document.body.classList.remove("has-rest-timer");
      window.clearInterval(ticking);
      ticking = null;
    }

    function tick() {
      const left = Math.ceil((endsAt - Date.now()) / 1000);
      if (left > 0) {
        time.textContent = clock(left);
        label.textContent = "Rest";
        box.classList.remove("is-over");
        return;
      }
      time.textContent = "0:00";
      label.textContent = "Rest over";
      box.classList.add("is-over");
      if (!signalled) {
        signalled = true;
        if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
      }
      if (Date.now() - endsAt > 5000) hide();
    }

    function run(until) {
      endsAt = until;
      signalled = false;
      box.hidden = false;
      document.body.classList.add("has-rest-timer");
      tick();
      if (!ticking) ticking = window.setInterval(tick, 250);
    }

    box.querySelector("[data-rest-add]").addEventListener("click", function () {
      run(Math.max(endsAt, Date.now()) + 15000);
      remember();
    });
    box.querySelector("[data-rest-skip]").addEventListener("click", function () {
      endsAt = Date.now();
      remember();
      hide();
    });

    // After a reload: from when the latest set was completed (the server's record), unless this browser
    // changed the timer after that (+15 s, Skip, or a set done whose save has not been confirmed).
    const from = Number(box.dataset.restFrom) || 0;
    const seconds = Number(box.dataset.restSeconds) || 0;
    const kept = readJSON(REST_KEY);
    let until = from ? from + seconds * 1000 : 0;
    if (kept && typeof kept.endsAt === "number" && (!from || kept.setAt >= from)) until = kept.endsAt;
    if (until > Date.now()) run(until);

    return {
      start: function (restSeconds) {
        if (restSeconds <= 0) return;
        run(Date.now() + restSeconds * 1000);
        remember();
      }
    };
  })();

  // --- elapsed time and wake lock ------------------------------------------------------------------------
  const elapsed = document.getElementById("elapsed");
  if (elapsed) {
    const started = Number(elapsed.dataset.startedMs);
    const tickElapsed = function () { elapsed.textContent = clock(Math.max(0, Math.floor((Date.now() - started) / 1000))); };
    tickElapsed();
    window.setInterval(tickElapsed, 1000);
  }

  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").catch(function () {
      // Refused (battery saver, no permission): the screen may dim as usual; nothing else depends on it.
    });
  }
  keepAwake();
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") keepAwake(); // the lock is released whenever the tab hides
  });

  // --- what was typed before a reload ----------------------------------------------------------------------
  function restoreDrafts() {
    allRows().forEach(function (row) {
      stateOf(row);
      const draft = readJSON(draftKey(row));
      if (!draft) {
        if (typedBeforeThisScript(row)) edited(row, 0); // a slow connection: the page was usable before we were
        return;
      }
      if (sameValues(draft, values(row))) {
        forget(draftKey(row)); // the server has exactly this
        return;
      }
      field(row, "weight").value = draft.weight || "";
      field(row, "reps").value = draft.reps || "";
      field(row, "rpe").value = draft.rpe || "";
      setCompleted(row, draft.completed === "1");
      edited(row, 0);
    });
    if (!storage) return;
    for (let i = storage.length - 1; i >= 0; i -= 1) { // drafts of long-gone sessions
      const key = storage.key(i);
      if (key && key.indexOf(DRAFT_PREFIX) === 0) {
        const draft = readJSON(key);
        if (!draft || !draft.savedAt || Date.now() - draft.savedAt > DRAFT_MAX_AGE_MS) forget(key);
      }
    }
  }

  function typedBeforeThisScript(row) {
    return ["weight", "reps", "rpe"].some(function (name) {
      const input = field(row, name);
      return input.value !== input.defaultValue; // autocomplete="off": the browser restores nothing itself
    });
  }

  // htmx wires the rows up on DOMContentLoaded (its listener was added first, by its earlier script).
  function whenReady(callback) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", callback);
    else callback();
  }
  whenReady(function () {
    restoreDrafts();
    updateProgress();
  });
})();
