from tests.workouts.lifters import http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401
