from tests.history.kit import demo_fixture  # noqa: F401
from tests.people import make_person_fixture, newcomer_fixture  # noqa: F401
from tests.workouts.lifters import http_fixture, lifter_fixture, make_lifter_fixture  # noqa: F401
