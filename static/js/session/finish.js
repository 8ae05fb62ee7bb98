// Sunnsteel Web, the live workout (7 of 7): Finish waits for rows still saving (told by "row-settled"
// events, not by polling), and never drops a typed value without a word: a row that cannot be saved is named
// in the finish card, kept as typed, and scrolled to. The finish form is sent by htmx ("finish-ready").
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  const form = S && S.root.querySelector("[data-finish-form]");
  if (!form) return;
  const WAIT_MS = 15000;

  function say(text) {
    let line = form.querySelector("[data-finish-problem]");
    if (!line) {
      line = document.createElement("p");
      line.className = "session-end__problem";
      line.setAttribute("data-finish-problem", "");
      line.setAttribute("role", "alert");
      form.prepend(line);
    }
    line.textContent = text;
    line.hidden = !text;
  }

  function describe(row) {
    const name = S.exerciseName(row) + " set " + row.dataset.key.split(":").pop();
    const reasons = Array.from(row.querySelectorAll("[data-messages] .set-row__error")).map(function (p) {
      return p.textContent;
    }).filter(function (text) { return text.indexOf("Not saved —") !== 0; });
    return name + (reasons.length ? " (" + reasons.join(" ") + ")" : "");
  }

  function busy() {
    return S.allRows().filter(function (row) {
      const state = S.stateOf(row);
      return state.inFlight || state.timer !== null || ["unsaved", "saving"].indexOf(row.dataset.state) !== -1;
    });
  }

  function stuck() {
    return S.allRows().filter(function (row) {
      return S.stateOf(row).waiting || ["failed", "invalid", "waiting"].indexOf(row.dataset.state) !== -1;
    });
  }

  function decide(timedOut) {
    const problems = stuck().concat(timedOut ? busy() : []);
    if (!problems.length) {
      say("");
      window.htmx.trigger(form, "finish-ready");
      return;
    }
    say("Not finished: " + problems.map(describe).join("; ") + " is not saved yet. Your entries are kept — " +
      "fix or retry them (or clear them), then finish.");
    problems[0].scrollIntoView({ block: "center" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (S.finished) {
      window.location.href = S.root.dataset.recordUrl;
      return;
    }
    S.unsavedRows().forEach(function (row) {
      const state = S.stateOf(row);
      if (row.dataset.state === "failed" || state.waiting) S.retry(row);
      else if (!state.inFlight) S.save(row);
    });
    if (!busy().length) return decide(false);
    let done = false;
    const timer = window.setTimeout(function () { finishWaiting(true); }, WAIT_MS);
    function finishWaiting(timedOut) {
      if (done) return;
      done = true;
      window.clearTimeout(timer);
      decide(timedOut);
    }
    S.on("row-settled", function () {
      if (!done && !busy().length) finishWaiting(false);
    });
  });
})();
