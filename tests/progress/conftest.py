from tests.people import make_person_fixture, newcomer_fixture, veteran_fixture  # noqa: F401
from tests.workouts.lifters import http_fixture  # noqa: F401
