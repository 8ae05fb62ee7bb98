"""One place maps failures to what the user reads: the seed's titles and messages."""

from __future__ import annotations

import pytest

from sunnsteel_web.backend import errors
from sunnsteel_web.toasts import toast_for


@pytest.mark.parametrize(
    ("error", "title", "message"),
    [
        (errors.NotAuthenticated("x"), "Authentication Error", "Please sign in to continue"),
        (
            errors.PermissionDenied("x"),
            "Permission Denied",
            "You do not have permission to perform this action",
        ),
        (errors.NotFound("Workout session not found"), "Not Found", "The requested resource was not found"),
        (errors.Conflict("Active session exists"), "Conflict", "Active session exists"),
        (errors.Conflict(""), "Conflict", "A conflict occurred with your request"),
        (errors.Unprocessable("reps must be a number"), "Validation Error", "reps must be a number"),
        (errors.Unprocessable(""), "Validation Error", "Please check your input and try again"),
        (
            errors.RateLimited("ThrottlerException"),
            "Rate Limited",
            "Too many requests. Please wait a moment and try again",
        ),
        (
            errors.RateLimited("ThrottlerException", retry_after=60),
            "Rate Limited",
            "Too many requests. Please wait 60 seconds and try again",
        ),
        (
            errors.RateLimited("ThrottlerException", retry_after=0.5),
            "Rate Limited",
            "Too many requests. Please wait a moment and try again",
        ),
        (
            errors.ServerError("Internal server error"),
            "Server Error",
            "A server error occurred. Please try again later",
        ),
        (
            errors.ServerError("x", status=503),
            "Server Error",
            "A server error occurred. Please try again later",
        ),
        (
            errors.BadRequest("Only in-progress sessions can be finished"),
            "Error",
            "Only in-progress sessions can be finished",
        ),
        (
            errors.ActiveSessionConflict(None),
            "Active Session Conflict",
            "You already have an active workout session. Please finish it before starting a new one.",
        ),
    ],
)
def test_each_failure_reads_as_the_seed_words_it(error: Exception, title: str, message: str) -> None:
    toast = toast_for(error)
    assert (toast.title, toast.message, toast.level) == (title, message, "error")


def test_a_network_failure_says_the_service_is_not_answering() -> None:
    toast = toast_for(errors.BackendUnavailable("Connection failed"))
    assert toast.title == "Service Unavailable"
    assert "not answering" in toast.message


def test_a_timeout_says_the_service_is_too_slow() -> None:
    assert "taking too long" in toast_for(errors.BackendTimeout("slow")).message


def test_a_view_can_say_which_action_failed_before_the_seed_words() -> None:
    from sunnsteel_web.toasts import failure_message

    with pytest.raises(errors.ServerError) as caught, failure_message("Failed to save set log."):
        raise errors.ServerError("Internal server error")
    toast = toast_for(caught.value)
    assert toast.title == "Server Error"
    assert toast.message == "Failed to save set log. A server error occurred. Please try again later"
