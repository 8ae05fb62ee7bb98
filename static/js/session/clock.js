// Sunnsteel Web, the live workout (8 of 11): the elapsed time in the header, in the one duration format of
// workouts/durations.py ("42 s", "12 min", "1 h 05 min"), and Screen Wake Lock while the page is shown.
(function () {
  "use strict";

  function durationText(seconds) {
    if (seconds < 60) return seconds + " s";
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    return hours ? hours + " h " + String(minutes).padStart(2, "0") + " min" : minutes + " min";
  }

  const elapsed = document.getElementById("elapsed");
  if (elapsed) {
    const started = Number(elapsed.dataset.startedMs);
    const tick = function () {
      elapsed.textContent = durationText(Math.max(0, Math.floor((Date.now() - started) / 1000)));
    };
    tick();
    window.setInterval(tick, 1000);
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
})();
