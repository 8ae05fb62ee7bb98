// Sunnsteel Web, the live workout (7 of 11): the rest timer at the bottom. Starts when a set is marked done
// (saving.js: "rest-start"), stops when that Done was refused ("rest-cancel"), survives a reload.
(function () {
  "use strict";

  const S = window.sunnsteelSession;
  const box = document.getElementById("rest-timer");
  if (!S || !box) return;
  const REST_KEY = "sunnsteel:rest:" + S.root.dataset.sessionId;
  const time = box.querySelector("[data-rest-time]");
  const label = box.querySelector("[data-rest-label]");
  let endsAt = 0;
  let ticking = null;
  let signalled = false;

  // A countdown reads as a timer does: "1:30" (minutes and seconds).
  function countdown(seconds) {
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  function remember() {
    S.writeJSON(REST_KEY, { endsAt: endsAt, setAt: Date.now() });
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
      time.textContent = countdown(left);
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

  function skip() {
    endsAt = Date.now();
    remember();
    hide();
  }

  box.querySelector("[data-rest-add]").addEventListener("click", function () {
    run(Math.max(endsAt, Date.now()) + 15000);
    remember();
  });
  box.querySelector("[data-rest-skip]").addEventListener("click", skip);

  S.on("rest-start", function (detail) {
    if (!(detail.seconds > 0)) return;
    run(Date.now() + detail.seconds * 1000);
    remember();
  });
  S.on("rest-cancel", skip);

  // After a reload: from when the latest set was completed (the server's record), unless this browser
  // changed the timer after that (+15 s, Skip, or a set done whose save has not been confirmed).
  const from = Number(box.dataset.restFrom) || 0;
  const seconds = Number(box.dataset.restSeconds) || 0;
  const kept = S.readJSON(REST_KEY);
  let until = from ? from + seconds * 1000 : 0;
  if (kept && typeof kept.endsAt === "number" && (!from || kept.setAt >= from)) until = kept.endsAt;
  if (until > Date.now()) run(until);
})();
