from tests.routines.conftest import make_person, newcomer, veteran  # noqa: F401
from tests.workouts.lifters import http_fixture  # noqa: F401
