"""The local backend's data: a GoTrue-like auth store and the Sunnsteel domain.

The two halves are deliberately separate, as in production where Supabase Auth and the NestJS
backend have different databases: the app user only remembers the auth user's id.
Nullable text columns (`null=True` on CharField/TextField) are intentional: the contract
distinguishes `null` from an empty string.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from local_backend.timeutil import now

# --- Supabase Auth stand-in -------------------------------------------------------------------


class AuthUser(models.Model):
    """A GoTrue user (auth.users)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    email = models.CharField(max_length=255, unique=True)  # stored lower-cased
    encrypted_password = models.CharField(max_length=255, blank=True, default="")
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    recovery_sent_at = models.DateTimeField(null=True, blank=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)
    app_metadata = models.JSONField(default=dict)
    user_metadata = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return self.email


class AuthIdentity(models.Model):
    """A sign-in method of a user (email, google, ...)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user = models.ForeignKey(AuthUser, on_delete=models.CASCADE, related_name="identities")
    provider = models.CharField(max_length=40)
    provider_id = models.CharField(max_length=255)
    identity_data = models.JSONField(default=dict)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_id"], name="identity_provider_unique")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.provider_id}"


class AuthSession(models.Model):
    """A signed-in session; access tokens carry its id, refresh tokens belong to it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user = models.ForeignKey(AuthUser, on_delete=models.CASCADE, related_name="sessions")
    amr_method = models.CharField(max_length=40, default="password")
    created_at = models.DateTimeField(default=now)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # signed out or revoked
    # Access tokens issued (`iat`) before this second are refused; refresh tokens still work.
    access_not_before = models.IntegerField(default=0)

    def __str__(self) -> str:
        return str(self.id)


class RefreshToken(models.Model):
    """A single-use refresh token; using it revokes it and issues its successor."""

    token = models.CharField(max_length=64, unique=True)
    session = models.ForeignKey(AuthSession, on_delete=models.CASCADE, related_name="refresh_tokens")
    parent = models.CharField(max_length=64, blank=True, default="")
    revoked = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"refresh token of {self.session_id}"


class FlowState(models.Model):
    """A PKCE flow: the code challenge, and once the user came back, the auth code to exchange."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    auth_code = models.CharField(max_length=64, unique=True)
    code_challenge = models.CharField(max_length=128)
    code_challenge_method = models.CharField(max_length=10)
    user = models.ForeignKey(AuthUser, on_delete=models.CASCADE, null=True, blank=True)
    authentication_method = models.CharField(max_length=40)  # oauth, recovery, otp (signup)
    provider = models.CharField(max_length=40, default="email")
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"{self.authentication_method} flow {self.id}"


class OneTimeToken(models.Model):
    """The token in a mailed confirmation or recovery link."""

    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(AuthUser, on_delete=models.CASCADE, related_name="one_time_tokens")
    kind = models.CharField(max_length=20)  # signup | recovery
    redirect_to = models.CharField(max_length=2000, blank=True, default="")
    code_challenge = models.CharField(max_length=128, blank=True, default="")
    code_challenge_method = models.CharField(max_length=10, blank=True, default="")
    created_at = models.DateTimeField(default=now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} token of {self.user_id}"


# --- Sunnsteel domain ------------------------------------------------------------------------


class AppUser(models.Model):
    """The backend's user row, created on first sign-in from the auth user."""

    WEIGHT_UNITS = ("KG", "LB")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    supabase_user_id = models.UUIDField(unique=True)
    email = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    last_name = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    avatar_url = models.CharField(max_length=2000, null=True, blank=True)  # noqa: DJ001
    age = models.IntegerField(null=True, blank=True)
    sex = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    weight = models.FloatField(null=True, blank=True)
    height = models.FloatField(null=True, blank=True)
    weight_unit = models.CharField(max_length=2, default="KG")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return self.email


class Exercise(models.Model):
    """The global exercise catalog."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=200, unique=True)
    primary_muscles = models.JSONField(default=list)
    secondary_muscles = models.JSONField(default=list)
    equipment = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return self.name


class Routine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user = models.ForeignKey(AppUser, on_delete=models.CASCADE, related_name="routines")
    name = models.CharField(max_length=200)
    description = models.TextField(null=True, blank=True)  # noqa: DJ001
    is_periodized = models.BooleanField(default=False)
    is_favorite = models.BooleanField(default=False)
    is_completed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return self.name


class RoutineDay(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="days")
    day_of_week = models.IntegerField()
    order = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["routine", "day_of_week"], name="routine_day_unique")]

    def __str__(self) -> str:
        return f"{self.routine_id} day {self.day_of_week}"


class RoutineExercise(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    day = models.ForeignKey(RoutineDay, on_delete=models.CASCADE, related_name="exercises")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.IntegerField(default=0)
    rest_seconds = models.IntegerField(default=60)
    note = models.TextField(null=True, blank=True)  # noqa: DJ001
    progression_scheme = models.CharField(max_length=40, default="NONE")
    min_weight_increment = models.FloatField(default=2.5)

    def __str__(self) -> str:
        return f"{self.exercise_id} in {self.day_id}"


class RoutineSet(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    routine_exercise = models.ForeignKey(RoutineExercise, on_delete=models.CASCADE, related_name="sets")
    set_number = models.IntegerField()
    rep_type = models.CharField(max_length=10)
    reps = models.IntegerField(null=True, blank=True)
    min_reps = models.IntegerField(null=True, blank=True)
    max_reps = models.IntegerField(null=True, blank=True)
    weight = models.FloatField(null=True, blank=True)
    rir = models.IntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["routine_exercise", "set_number"], name="routine_set_unique")
        ]

    def __str__(self) -> str:
        return f"set {self.set_number} of {self.routine_exercise_id}"


class WorkoutSession(models.Model):
    STATUSES = ("IN_PROGRESS", "COMPLETED", "ABORTED")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    user = models.ForeignKey(AppUser, on_delete=models.CASCADE, related_name="sessions")
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="sessions")
    routine_day = models.ForeignKey(RoutineDay, on_delete=models.CASCADE, related_name="sessions")
    status = models.CharField(max_length=20, default="IN_PROGRESS")
    started_at = models.DateTimeField(default=now)
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_sec = models.IntegerField(null=True, blank=True)
    notes = models.TextField(null=True, blank=True)  # noqa: DJ001
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # The database, not the code, guarantees one active session per user.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="IN_PROGRESS"), name="one_active_session_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} session {self.id}"


class SetLog(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    session = models.ForeignKey(WorkoutSession, on_delete=models.CASCADE, related_name="set_logs")
    # A plain id, not a foreign key: history keeps its logs when a routine is edited later.
    routine_exercise_id = models.UUIDField()
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    set_number = models.IntegerField()
    reps = models.IntegerField(null=True, blank=True)  # null when never sent; GET of a session shows 0
    weight = models.FloatField(null=True, blank=True)
    rpe = models.FloatField(null=True, blank=True)
    is_completed = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "routine_exercise_id", "set_number"], name="set_log_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"set {self.set_number} of {self.routine_exercise_id} in {self.session_id}"
