"""Sign-in, sign-up, Google, password reset and sign-out, with Supabase Auth held server-side."""

from __future__ import annotations

import logging
from typing import Literal

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import auth, plates, services, tokens
from accounts.auth import AuthFailure, AuthRefused, AuthUnavailable, WeakPassword
from accounts.forms import ForgotPasswordForm, LoginForm, NewPasswordForm, ProfileForm, SignupForm
from accounts.ratelimit import attempt_allowed
from sunnsteel_web import kept
from sunnsteel_web.backend import errors
from sunnsteel_web.backend.client import BackendClient
from sunnsteel_web.http import AppRequest, SignedInRequest
from sunnsteel_web.navigation import client_ip, next_or_home
from sunnsteel_web.toasts import notify, toast_for

log = logging.getLogger("accounts")

TOO_MANY_ATTEMPTS = "Too many attempts. Please wait a minute and try again."
AUTH_UNAVAILABLE = "The sign-in service is not answering. Please try again in a moment."
NEXT_KEY = "sunnsteel.auth.next"
RECOVERY_KEY = "sunnsteel.auth.recovering"  # signed in by a recovery link: may set a new password
EMAIL_REFUSALS = ("user_already_exists", "email_exists", "email_address_invalid")  # said next to the email
USED_LINK = ("flow_state_not_found", "bad_code_verifier", "flow_state_expired", "bad_oauth_state")


class SignInRefused(Exception):
    """Supabase signed the user in but the backend would not have them; they are signed out again."""


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        if not attempt_allowed("login", ip=client_ip(request), email=email):
            form.add_error(None, TOO_MANY_ATTEMPTS)
        else:
            try:
                _complete_sign_in(request, auth.sign_in_with_password(email, password))
            except (AuthFailure, SignInRefused) as exc:
                form.add_error(None, _auth_error_message(exc))
            else:
                return redirect(next_or_home(request))
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next_param(request)})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not attempt_allowed("signup", ip=client_ip(request), email=data["email"]):
            form.add_error(None, TOO_MANY_ATTEMPTS)
            return render(request, "accounts/signup.html", {"form": form})
        try:
            signed_up = auth.sign_up(
                request.session,
                email=data["email"],
                password=data["password"],
                name=data["name"],
                confirm_url=request.build_absolute_uri(reverse("accounts:callback")),
            )
            if signed_up is None:
                return render(request, "accounts/check_email.html", {"email": data["email"]})
            _complete_sign_in(request, signed_up)
        except WeakPassword as exc:
            form.add_error("password", _auth_error_message(exc))
        except AuthRefused as exc:
            form.add_error("email" if exc.code in EMAIL_REFUSALS else None, _auth_error_message(exc))
        except (AuthFailure, SignInRefused) as exc:
            form.add_error(None, _auth_error_message(exc))
        else:
            notify(request, f"Welcome to Sunnsteel, {data['name']}!", title="Account created")
            return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


@login_not_required
@require_safe
@never_cache
def google_start(request: HttpRequest) -> HttpResponse:
    """Starts Google sign-in (PKCE): the verifier waits in this browser's session for the way back.

    Reached by a plain link (GET), not a form: Chromium applies the CSP's `form-action` to every redirect
    after a form submission, and this chain goes on from Supabase to Google, an origin we do not list.
    GET is safe here: nothing is signed in; it only puts a fresh PKCE verifier and a same-site `next` in
    the session of the browser that follows the link. Login CSRF (a victim signed in to the attacker's
    account) would need the victim's browser to exchange a code from the attacker's consent, and such a
    code only matches the attacker's verifier, kept in the attacker's own session. A forged link can at
    most start a new Google flow in the victim's browser (replacing an unfinished one), ending, if they
    consent, in their own account; and a link from another site only leads to the login page (browsers say
    so in `Sec-Fetch-Site`). Never cached: each start has its own verifier.
    """
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return redirect("accounts:login")
    request.session[NEXT_KEY] = next_or_home(request)
    callback = request.build_absolute_uri(reverse("accounts:callback"))
    return redirect(auth.google_sign_in_url(request.session, callback_url=callback))


@login_not_required
@require_safe
def auth_callback(request: HttpRequest) -> HttpResponse:
    """The way back from Google (or an email confirmation link): exchange the code for a session."""
    if request.GET.get("error"):
        # The provider's own description is not shown: a crafted link could put any text in front of the user.
        cancelled = request.GET["error"] == "access_denied"
        message = "Google sign-in was cancelled." if cancelled else "Google sign-in did not complete."
        notify(request, f"{message} Please try again.", title="Sign-in failed", level="error")
        return redirect("accounts:login")
    code = request.GET.get("code", "")
    if not code:
        notify(
            request,
            "The sign-in link is incomplete. Please try again.",
            title="Sign-in failed",
            level="error",
        )
        return redirect("accounts:login")
    next_path = request.session.pop(NEXT_KEY, None)
    try:
        _complete_sign_in(request, auth.exchange_code(request.session, code))
    except (AuthFailure, SignInRefused) as exc:
        message = _auth_error_message(exc)
        if isinstance(exc, AuthRefused) and exc.code in USED_LINK:
            message = "This sign-in link has expired or was already used. Please sign in again."
        notify(request, message, title="Sign-in failed", level="error")
        return redirect("accounts:login")
    return redirect(next_or_home(request, next_path))


FORGOT_SENT = "If an account exists for that address, we have sent it a link to reset the password."


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def forgot_password(request: HttpRequest) -> HttpResponse:
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not attempt_allowed("recover", ip=client_ip(request), email=email):
            form.add_error(None, TOO_MANY_ATTEMPTS)
        else:
            reset_url = request.build_absolute_uri(reverse("accounts:reset-password"))
            try:
                auth.send_recovery(request.session, email, reset_url=reset_url)
            except AuthUnavailable:
                form.add_error(None, AUTH_UNAVAILABLE)
            except AuthRefused as exc:
                # Whether the address exists is never revealed; only log what went wrong.
                log.info("password recovery request refused: %s", exc.code)
            if not form.errors:
                return render(
                    request, "accounts/forgot_password.html", {"sent": True, "message": FORGOT_SENT}
                )
    return render(request, "accounts/forgot_password.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def reset_password(request: HttpRequest) -> HttpResponse:
    """The recovery link lands here with a PKCE code: it signs the user in, then asks for the new password.

    The code can only be exchanged with the verifier this browser kept when it asked for the link, so a
    link forwarded by someone else cannot sign this browser in to their account. The new-password form is
    only offered right after such a recovery sign-in (not to anyone who happens to be signed in).
    """
    code = request.GET.get("code")
    if request.method == "GET" and code:
        try:
            _complete_sign_in(request, auth.exchange_code(request.session, code))
        except (AuthFailure, SignInRefused) as exc:
            log.info("recovery link refused: %s", getattr(exc, "code", type(exc).__name__))
            notify(
                request,
                "This reset link has expired or was already used. Please ask for a new one.",
                title="Link expired",
                level="error",
            )
            return redirect("accounts:forgot-password")
        request.session[RECOVERY_KEY] = True
        return redirect("accounts:reset-password")
    if not request.user.is_authenticated or not request.session.get(RECOVERY_KEY):
        return redirect("accounts:forgot-password")
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        state = tokens.current_state(request)
        assert state is not None
        try:
            auth.update_password(state.tokens, form.cleaned_data["password"])
        except WeakPassword as exc:
            form.add_error("password", _auth_error_message(exc))
        except AuthFailure as exc:
            form.add_error(None, _auth_error_message(exc))
        else:
            request.session.pop(RECOVERY_KEY, None)
            notify(request, "Your password has been changed.", title="Password updated")
            return redirect("home")
    return render(request, "accounts/reset_password.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def profile_view(request: SignedInRequest) -> HttpResponse:
    """Name and weight unit (PATCH /users/profile); what was typed stays on the form if saving fails, and
    across signing in again when the sign-in had ended."""
    shown: dict[str, kept.KeptEntry] = {}
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                profile = services.user_profile_update(request.api, form.changes())
            except errors.NotAuthenticated:
                typed = {name: str(form.data.get(name, "")) for name in form.fields}
                entry = kept.KeptEntry(values=typed, errors=[], failed=True)
                kept.keep(request, "profile", "form", entry)
                raise  # the middleware sends the user to sign in again; the form is back afterwards
            except errors.ApiError as exc:
                toast = toast_for(exc)
                form.add_error(None, f"{toast.title}: {toast.message} Your changes are still here.")
            else:
                tokens.update_user(request, profile)
                notify(request, "Your profile has been saved.", title="Saved")
                return redirect("accounts:profile")
    else:
        shown = kept.kept(request, "profile")
        if "form" in shown:
            form = ProfileForm(shown["form"]["values"])
            form.is_valid()
            form.add_error(None, "Not saved yet — your changes are kept. Save them again.")
        else:
            user = request.user
            form = ProfileForm(initial={"name": user.name, "weight_unit": user.weight_unit})
    context = {"form": form, "plate_form": plates.plate_form(request)}  # accounts.plates: bar and plates
    response = render(request, "accounts/profile.html", context)
    kept.forget(request, "profile", shown)
    return response


@require_POST
def logout_view(request: AppRequest) -> HttpResponse:
    """Ends this browser's sign-in only (Supabase `scope=local`): the phone mid-workout stays signed in.
    Whatever Supabase and the backend answer, this browser is signed out."""
    _revoke(request, scope="local")
    _forget(request)
    notify(request, "You have been signed out.", title="Signed out", level="info")
    return redirect("accounts:login")


EVERYWHERE_FAILED = (
    "The sign-in service is not answering, so your other devices are still signed in. "
    "Please try again in a moment."
)


@require_http_methods(["GET", "HEAD", "POST"])
def sign_out_everywhere(request: SignedInRequest) -> HttpResponse:
    """Asks first (GET), then ends the sign-in on every device (POST, Supabase `scope=global`). When Supabase
    cannot be asked, nothing is pretended: the user stays signed in here and is told to try again."""
    if request.method == "POST":
        if _revoke(request, scope="global"):
            _forget(request)
            notify(request, "You have been signed out on every device.", title="Signed out", level="info")
            return redirect("accounts:login")
        return render(request, "accounts/sign_out_everywhere.html", {"error": EVERYWHERE_FAILED}, status=503)
    return render(request, "accounts/sign_out_everywhere.html")


def _revoke(request: AppRequest, *, scope: Literal["local", "global"]) -> bool:
    """Ends the sign-in at Supabase: this browser's session (`local`) or all of the user's (`global`).
    False when Supabase did not do it."""
    state = tokens.current_state(request)
    if state is None:
        return True
    try:
        auth.sign_out(state.tokens.access_token, scope)
    except AuthFailure as exc:
        log.info("Supabase sign-out (%s) failed: %s", scope, exc.code)
        return False
    return True


def _forget(request: AppRequest) -> None:
    """Tells the backend (its marker cookie) and forgets the sign-in in this browser."""
    if tokens.current_state(request) is not None:
        try:
            services.auth_logout(request.api)
        except errors.ApiError:
            pass  # already logged by the client; the local sign-out below is what matters to the user
    tokens.sign_out_locally(request)


def _complete_sign_in(request: HttpRequest, signed_in: auth.Tokens) -> None:
    """Every sign-in ends here: the backend verifies the token (creating the app user on first sign-in)."""
    try:
        user = services.auth_verify(BackendClient(client_ip=client_ip(request)), signed_in.access_token)
    except errors.ApiError as exc:
        try:  # only the session just made: a failed sign-in here never signs the user's other devices out
            auth.sign_out(signed_in.access_token, "local")
        except AuthFailure:
            pass
        if isinstance(exc, errors.BackendUnavailable) or exc.status >= 500:
            raise SignInRefused(
                "The workout service is not answering. Please try again in a moment."
            ) from exc
        if isinstance(exc, errors.RateLimited):  # busy (this server's share, or the backend's limit)
            raise SignInRefused(toast_for(exc).message) from exc
        raise SignInRefused(
            "Sunnsteel could not verify your account. Please try again or contact support."
        ) from exc
    tokens.sign_in(request, signed_in, user)


def _auth_error_message(exc: AuthFailure | SignInRefused) -> str:
    if isinstance(exc, SignInRefused):
        return str(exc)
    if isinstance(exc, WeakPassword):
        reasons = ", ".join(exc.reasons)
        return "This password is too weak" + (f" ({reasons})." if reasons else ". Choose a longer one.")
    if isinstance(exc, AuthUnavailable):
        return AUTH_UNAVAILABLE
    code, status = exc.code, exc.status
    if code == "invalid_credentials":
        return "Incorrect email or password."
    if code == "email_not_confirmed":
        return "Please confirm your email address first: open the link we sent to your inbox."
    if code in ("user_already_exists", "email_exists"):
        return "An account with this email already exists. Sign in instead."
    if code in ("over_request_rate_limit", "over_email_send_rate_limit") or status == 429:
        return TOO_MANY_ATTEMPTS
    if status >= 500:
        return AUTH_UNAVAILABLE
    return exc.message or "Sign-in failed. Please try again."


def _safe_next_param(request: HttpRequest) -> str:
    candidate = request.GET.get("next") or request.POST.get("next") or ""
    return candidate if candidate and next_or_home(request, candidate) == candidate else ""
