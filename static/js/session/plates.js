// Sunnsteel Web, the live workout (11 of 11): the plate calculator on each set row. The server draws it for
// the weight in the input (workouts/plates.py, the same maths); this keeps it current while a weight is typed
// and opens it when the weight is tapped, one row at a time. Without JavaScript the "Plates" disclosure still
// opens. The bar, plates and unit are said once, on the page (data-bar, data-plates-have, data-unit).
(function () {
  "use strict";

  const root = document.querySelector("[data-workout-session]");
  if (!root) return;

  // Everything in hundredths of the unit, as whole numbers (1.25 kg is 125), so no float noise creeps in.
  function hundredths(text) { return Math.round(Number(text) * 100); }
  function gcd(a, b) { return b ? gcd(b, a % b) : a; }
  function shown(amount) { return String(Number((amount / 100).toFixed(2))); }
  function heavierFirst(a, b) { return b - a; }

  // Fewer plates beat more; between as many, the heavier first plate wins (25 + 15 before 20 + 20).
  function better(a, b) {
    if (a.length !== b.length) return a.length < b.length;
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i] > b[i];
    return false;
  }

  // The fewest plates per side loading `bar` to `target`, or to the closest weight below it.
  function platesFor(target, bar, have) {
    const sizes = Array.from(new Set(have.filter(function (p) { return p > 0; }))).sort(heavierFirst);
    if (target <= bar || !sizes.length) return { perSide: [], total: bar };
    const step = sizes.reduce(gcd, 0);
    const side = Math.floor(Math.floor((target - bar) / 2) / step);
    const steps = sizes.map(function (size) { return size / step; });
    const best = [[]];
    for (let amount = 1; amount <= side; amount += 1) {
      best[amount] = null;
      steps.forEach(function (size) {
        const rest = size <= amount ? best[amount - size] : null;
        if (!rest) return;
        const candidate = [size].concat(rest).sort(heavierFirst);
        if (!best[amount] || better(candidate, best[amount])) best[amount] = candidate;
      });
    }
    let reach = side;
    while (!best[reach]) reach -= 1;
    const perSide = best[reach].map(function (n) { return n * step; });
    return { perSide: perSide, total: bar + 2 * perSide.reduce(function (a, b) { return a + b; }, 0) };
  }

  // The same words as workouts/plates.py plates_text.
  function describe(typed, settings) {
    let text = typed.trim().replace(/[\s\u00a0]/g, "");
    if ((text.match(/,/g) || []).length === 1 && text.indexOf(".") === -1) text = text.replace(",", ".");
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text) || Number(text) <= 0) return "Type a weight to see its plates.";
    const unit = " " + settings.unit;
    const target = hundredths(text);
    const bar = hundredths(settings.bar);
    const have = (settings.platesHave || "").split(" ").filter(Boolean).map(hundredths);
    const barText = shown(bar) + unit;
    if (target < bar) return "Less than the bar (" + barText + ").";
    const answer = platesFor(target, bar, have);
    const side = answer.perSide.map(shown).join(" + ");
    if (answer.total === target) return side ? "Per side: " + side + " (" + barText + " bar)" : "Just the bar (" + barText + ").";
    const loaded = side ? side + " per side" : "the bar alone";
    return "Not with your plates: the closest below is " + shown(answer.total) + unit + ", " + loaded + ".";
  }

  function boxOf(input) {
    const row = input.closest("form[data-set-row]");
    return input.name === "weight" && row ? row.querySelector("[data-plates]") : null;
  }
  function update(box) {
    const row = box.closest("form[data-set-row]");
    const line = box.querySelector("[data-plates-text]");
    const text = describe(row.elements.namedItem("weight").value, root.dataset);
    if (line.textContent !== text) line.textContent = text;
  }

  root.addEventListener("focusin", function (event) {
    const box = boxOf(event.target);
    if (!box) return;
    root.querySelectorAll("[data-plates][open]").forEach(function (other) { if (other !== box) other.open = false; });
    update(box);
    box.open = true;
  });
  root.addEventListener("input", function (event) {
    const box = boxOf(event.target);
    if (box) update(box);
  });
  // Opened by its own "Plates" (or values adopted from a save's answer meanwhile): the input's weight, now.
  root.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("[data-plates]") && event.target.open) update(event.target);
  }, true);
})();
