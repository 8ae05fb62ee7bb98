"""Password hashing for stand-in users.

Django's default PBKDF2 work factor (over a million rounds) costs most of a second per hash, which
would dominate test runs that sign users up and in. The stored hash records its own round count,
so this stays compatible with Django's verifier.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class LocalPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000  # 20 000 was still a sixteenth of the stand-in's time in the test suite
