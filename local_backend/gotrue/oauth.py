"""Sign-in with Google, faked: a small consent page stands in for Google's.

By default `/authorize` shows the consent page itself, on the stand-in's own origin. With the
`oauthProviderUrl` setting (an origin that reaches this same server, e.g. `http://localhost:PORT` when
the stand-in is called as `http://127.0.0.1:PORT`), `/authorize` redirects there instead, to
`PROVIDER_PATH`, as real Supabase redirects to accounts.google.com: the browser then really leaves the
Supabase origin, which is what a Content-Security-Policy sees.

"Continue" signs in (or up) the typed address as a Google user and redirects to `redirect_to`
with `?code=` (PKCE) or the session in the fragment (implicit); "Cancel" redirects with
`?error=access_denied`. Real provider names other than google are known but not enabled.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from local_backend import config
from local_backend.gotrue import flows, tokens
from local_backend.gotrue.errors import GoTrueError
from local_backend.gotrue.users import (
    add_identity,
    confirm_email,
    create_user,
    find_user,
    google_profile,
    normalize_email,
)
from local_backend.gotrue.views import redirect

ENABLED = {"google": "Google"}
KNOWN = {
    "apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github", "gitlab", "google",
    "kakao", "keycloak", "linkedin", "linkedin_oidc", "notion", "slack", "slack_oidc", "spotify", "twitch",
    "twitter", "workos", "zoom",
}  # fmt: skip
DEFAULT_EMAIL = "google.user@example.test"
PROVIDER_PATH = "/provider/authorize"  # the "provider's" consent page when it lives on another origin
_CARRIED = ("provider", "redirect_to", "code_challenge", "code_challenge_method")


def _check_provider(provider: str) -> None:
    if provider not in KNOWN:
        raise GoTrueError(
            400, "validation_failed", f"Unsupported provider: Provider {provider} could not be found"
        )
    if provider not in ENABLED:
        raise GoTrueError(400, "validation_failed", "Unsupported provider: provider is not enabled")


def authorize(request: HttpRequest) -> HttpResponse:
    params = _authorize_params(request)
    provider_url = config.runtime().oauth_provider_url
    if provider_url:
        response = HttpResponse(b"", status=302)  # GoTrue answers /authorize with 302 Found
        del response["Content-Type"]
        response["Location"] = f"{provider_url}{PROVIDER_PATH}?{urlencode(params)}"
        response["Content-Length"] = "0"
        return response
    return _consent_page(params, DEFAULT_EMAIL)


def provider_authorize(request: HttpRequest) -> HttpResponse:
    """The consent page as the provider's own site shows it, after `/authorize` sent the browser there."""
    return _consent_page(_authorize_params(request), DEFAULT_EMAIL)


def _authorize_params(request: HttpRequest) -> dict[str, str]:
    params = {name: request.GET.get(name, "") for name in _CARRIED}
    _check_provider(params["provider"])
    flows.pkce_challenge(params)
    return params


def _consent_page(params: dict[str, str], email: str, error: str = "", status: int = 200) -> HttpResponse:
    provider_name = ENABLED[params["provider"]]
    hidden = "\n".join(
        f'<input type="hidden" name="{name}" value="{escape(params.get(name, ""))}">' for name in _CARRIED
    )
    error_html = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in with {provider_name} (local stand-in)</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f1f3f4; margin: 0; padding: 2rem 1rem; }}
main {{ max-width: 26rem; margin: 0 auto; background: #fff; border-radius: 8px; padding: 1.5rem; }}
label, input {{ display: block; width: 100%; box-sizing: border-box; }}
input[type=email] {{ font-size: 1rem; padding: .6rem; margin: .4rem 0 1rem; }}
button {{ font-size: 1rem; padding: .6rem 1.2rem; margin-right: .5rem; }}
.error {{ color: #b00020; }}
.note {{ color: #5f6368; font-size: .85rem; }}
</style>
</head>
<body>
<main>
<h1>Sign in with {provider_name}</h1>
<p>Sunnsteel wants to access your {provider_name} account (name and email address).</p>
<p class="note">Local development stand-in: no data leaves this machine.</p>
{error_html}
<form method="post" action="/auth/v1/callback">
{hidden}
<label for="email">Email</label>
<input type="email" id="email" name="email" value="{escape(email)}" required>
<button type="submit" name="action" value="continue">Continue</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form>
</main>
</body>
</html>
"""
    response = HttpResponse(html.encode(), status=status, content_type="text/html; charset=utf-8")
    response["Content-Length"] = str(len(response.content))
    return response


def callback(request: HttpRequest) -> HttpResponse:
    """Where the consent form posts: finish the flow as Google's redirect back to GoTrue would."""
    params = {name: request.POST.get(name, "") for name in _CARRIED}
    _check_provider(params["provider"])
    challenge, method = flows.pkce_challenge(params)
    target = flows.redirect_target(params["redirect_to"])
    if request.POST.get("action") != "continue":
        return redirect(
            flows.add_query(
                target, {"error": "access_denied", "error_description": "The user cancelled the sign-in"}
            )
        )
    try:
        email = normalize_email(request.POST.get("email", ""))
    except GoTrueError as error:
        return _consent_page(params, request.POST.get("email", ""), error.message, status=400)
    user = find_user(email)
    profile = google_profile(email)
    if user is None:
        try:
            user = create_user(email, password=None, confirmed=True, provider="google", provider_data=profile)
        except IntegrityError:  # a racing first sign-in created the user
            user = find_user(email)
        if user is None:
            raise GoTrueError(500, "unexpected_failure", "Could not create the user")
    add_identity(user, "google", profile)
    confirm_email(user)
    if challenge:
        flow = flows.new_flow_state(user, challenge, method, "oauth", provider="google")
        return redirect(flows.add_query(target, {"code": flow.auth_code}))
    session = tokens.sign_in(user, "oauth")
    return redirect(flows.add_fragment(target, flows.implicit_fragment(session, "")))
