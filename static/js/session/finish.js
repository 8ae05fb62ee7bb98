// Sunnsteel Web, the live workout (10 of 11): Finish waits for rows still saving (told by "row-settled"
// events, not by polling), and never drops a typed value without a word: a row that cannot be saved is named
// in the finish card, kept as typed, and scrolled to. Sets waiting for the connection are sent first: Finish
// says so and goes on by itself once they are saved (unless a set is changed meanwhile: still training).
// The finish form is sent by the live page's loader (dialogs.js), its answer a dialog or the record.
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  const form = S && S.root.querySelector("[data-finish-form]");
  if (!form) return;
  const WAIT_MS = 15000;

  // `calm`: nothing is wrong, only waiting (for the connection).
  function say(text, calm) {
    let line = form.querySelector("[data-finish-problem]");
    if (!line) {
      line = document.createElement("p");
      line.className = "session-end__problem";
      line.setAttribute("data-finish-problem", "");
      form.prepend(line);
    }
    line.setAttribute("role", calm ? "status" : "alert");
    line.classList.toggle("is-waiting", Boolean(calm));
    line.textContent = text;
    line.hidden = !text;
  }

  function describe(row) {
    const name = S.exerciseName(row) + " set " + S.keyOf(row).split(":").pop();
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

  function waitsForConnection(row) {
    return S.stateOf(row).waiting || row.dataset.state === "waiting";
  }

  let deadline = null; // Finish tapped: rows still saving are waited for until then
  let afterConnection = false; // Finish tapped while sets waited for the connection: finish once they are sent

  function decide(timedOut) {
    const problems = stuck().concat(timedOut ? busy() : []);
    afterConnection = false;
    if (!problems.length) {
      say("");
      S.load(form);
      return;
    }
    if (problems.every(waitsForConnection)) {
      afterConnection = true;
      say("Not finished yet: " + (problems.length === 1 ? "1 set is" : problems.length + " sets are") +
        " waiting for the connection. " + (problems.length === 1 ? "It is" : "They are") +
        " sent when it is back, and then your workout is finished.", true);
      return;
    }
    say("Not finished: " + problems.map(describe).join("; ") + " is not saved yet. Your entries are kept — " +
      "fix or retry them (or clear them), then finish.");
    problems[0].scrollIntoView({ block: "center" });
  }

  S.on("row-settled", function () {
    if (busy().length) return;
    if (deadline !== null) {
      window.clearTimeout(deadline);
      deadline = null;
      decide(false);
    } else if (afterConnection) {
      decide(false); // one more sent (or refused): finish, keep waiting, or name the set that failed
    }
  });

  // A set changed after tapping Finish: still training, so Finish waits to be tapped again.
  function stillTraining(event) {
    if (!afterConnection || !S.rowOf(event.target)) return;
    afterConnection = false;
    say("");
  }
  S.root.addEventListener("input", stillTraining);
  S.root.addEventListener("submit", stillTraining);

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
    window.clearTimeout(deadline);
    deadline = window.setTimeout(function () {
      deadline = null;
      decide(true);
    }, WAIT_MS);
  });
})();
