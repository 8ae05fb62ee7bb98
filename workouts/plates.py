"""The plate calculator: which plates go on each side of the bar for a weight, in the user's unit.

Pure maths, no backend: the bar and the plates someone has are theirs to set on Profile (kept by
`workouts.plate_settings`). Plates come in pairs and any number of each is assumed at hand. The answer uses
the fewest plates per side, heaviest first when two answers use as many (100 kg on a 20 kg bar with
25/20/15/… is 25 + 15, not 20 + 20). A weight the plates cannot make exactly is answered with the closest
weight below that they can.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from math import gcd

from sunnsteel_web.backend.schema import WeightUnit
from workouts.units import plain, unit_label

# In the unit's own numbers: kilograms for KG, pounds for LB.
DEFAULT_BAR = {"KG": Decimal(20), "LB": Decimal(45)}
PLATE_CHOICES = {
    "KG": tuple(Decimal(p) for p in ("25", "20", "15", "10", "5", "2.5", "2", "1.25", "1", "0.5")),
    "LB": tuple(Decimal(p) for p in ("55", "45", "35", "25", "15", "10", "5", "2.5", "1.25")),
}
DEFAULT_PLATES = {
    "KG": tuple(Decimal(p) for p in ("25", "20", "15", "10", "5", "2.5", "1.25")),
    "LB": tuple(Decimal(p) for p in ("45", "35", "25", "10", "5", "2.5")),
}
_HUNDREDTHS = Decimal("0.01")  # every weight here is worked in hundredths of the unit (1.25 → 125)


@dataclass(frozen=True)
class PlateAnswer:
    target: Decimal  # the weight asked for
    bar: Decimal
    per_side: tuple[Decimal, ...]  # heaviest first; () for the bar alone
    total: Decimal  # what bar + plates weigh: the target, or the closest below it

    @property
    def exact(self) -> bool:
        return self.total == self.target

    @property
    def below_bar(self) -> bool:
        return self.target < self.bar


def plates_for(target: Decimal, bar: Decimal, plates: Sequence[Decimal]) -> PlateAnswer:
    """The plates per side that load `bar` to `target`, or to the closest weight below it."""
    if target <= bar or not plates:
        return PlateAnswer(target=target, bar=bar, per_side=(), total=bar)
    sizes = sorted({_units(p) for p in plates if p > 0}, reverse=True)
    step = 0
    for size in sizes:
        step = gcd(step, size)
    side = (_units(target) - _units(bar)) // 2 // step  # per side, in steps of the plates' common measure
    steps = [size // step for size in sizes]
    best = _fewest_plates(side, steps)
    reach = max(amount for amount in range(side + 1) if best[amount] is not None)
    chosen = best[reach] or ()
    per_side = tuple(Decimal(n * step) * _HUNDREDTHS for n in chosen)
    total = bar + 2 * sum(per_side, Decimal(0))
    return PlateAnswer(target=target, bar=bar, per_side=tuple(p.normalize() for p in per_side), total=total)


def plates_text(answer: PlateAnswer, unit: WeightUnit) -> str:
    """The answer as the row says it, beside the weight it is for: "Per side: 25 + 15 (20 kg bar)"."""
    label = unit_label(unit)
    bar = f"{plain(answer.bar)} {label}"
    if answer.below_bar:
        return f"Less than the bar ({bar})."
    side = " + ".join(plain(p) for p in answer.per_side)
    if answer.exact:
        return f"Per side: {side} ({bar} bar)" if side else f"Just the bar ({bar})."
    closest = f"{plain(answer.total)} {label}"
    loaded = f"{side} per side" if side else "the bar alone"
    return f"Not with your plates: the closest below is {closest}, {loaded}."


def _fewest_plates(side: int, steps: list[int]) -> list[tuple[int, ...] | None]:
    """For each amount up to `side`: its fewest plates, heaviest first (None: not reachable)."""
    best: list[tuple[int, ...] | None] = [()] + [None] * side
    for amount in range(1, side + 1):
        for size in steps:
            rest = best[amount - size] if size <= amount else None
            if rest is None:
                continue
            candidate = tuple(sorted((size, *rest), reverse=True))
            current = best[amount]
            if current is None or (len(candidate), [-n for n in candidate]) < (
                len(current),
                [-n for n in current],
            ):
                best[amount] = candidate
    return best


def _units(value: Decimal) -> int:
    return int((value / _HUNDREDTHS).to_integral_value())
