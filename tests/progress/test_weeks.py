"""The twelve-week strip counts each completed workout in its own week, in the user's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from progress.index import IndexedExercise, IndexedSet, IndexedWorkout
from progress.weeks import weekly_strip

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # a Wednesday


def _workout(ended: datetime, kg: float, reps: int, status: str = "COMPLETED") -> IndexedWorkout:
    sets = [IndexedSet(number=1, weight=kg, reps=reps, rpe=None, done=True)]
    exercise = IndexedExercise(id="bench", name="Bench Press", sets=sets)
    return IndexedWorkout(
        id=str(ended), routine_id="r", title="t", status=status, ended_at=ended, exercises=[exercise]
    )


def test_each_week_counts_its_workouts_and_volume_and_this_week_is_last() -> None:
    workouts = [
        _workout(datetime(2026, 11, 30, 18, tzinfo=UTC), 100, 5),  # this week's Monday
        _workout(datetime(2026, 12, 1, 18, tzinfo=UTC), 50, 10),
        _workout(datetime(2026, 11, 29, 18, tzinfo=UTC), 80, 10),  # last week's Sunday
        _workout(datetime(2026, 11, 25, 18, tzinfo=UTC), 80, 10, status="ABORTED"),  # not counted
        _workout(datetime(2026, 9, 1, 18, tzinfo=UTC), 80, 10),  # before the twelve weeks
    ]

    weeks = weekly_strip(workouts, zone=UTC, now=NOW, unit="KG")

    assert len(weeks) == 12 and weeks[-1].starts == "30 Nov" and weeks[0].starts == "14 Sep"
    assert (weeks[-1].workouts, weeks[-1].volume, weeks[-1].height) == (2, "1,000 kg", 100)
    assert (weeks[-2].workouts, weeks[-2].volume, weeks[-2].height) == (1, "800 kg", 80)
    assert sum(w.workouts for w in weeks) == 3


def test_a_workout_late_on_sunday_in_the_users_zone_belongs_to_that_week() -> None:
    late_sunday_in_oslo = datetime(2026, 11, 29, 23, 30, tzinfo=ZoneInfo("Europe/Oslo"))  # 22:30 UTC

    in_oslo = weekly_strip(
        [_workout(late_sunday_in_oslo, 60, 5)], zone=ZoneInfo("Europe/Oslo"), now=NOW, unit="KG"
    )
    in_tokyo = weekly_strip(
        [_workout(late_sunday_in_oslo, 60, 5)], zone=ZoneInfo("Asia/Tokyo"), now=NOW, unit="KG"
    )

    assert in_oslo[-2].workouts == 1 and in_oslo[-1].workouts == 0
    assert in_tokyo[-1].workouts == 1  # already Monday 07:30 in Tokyo
