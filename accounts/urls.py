from django.urls import path

from accounts import plates, views

app_name = "accounts"

urlpatterns = [
    path("login", views.login_view, name="login"),
    path("signup", views.signup_view, name="signup"),
    path("logout", views.logout_view, name="logout"),
    path("profile", views.profile_view, name="profile"),
    path("profile/plates", plates.plate_settings_view, name="plates"),
    path("profile/sign-out-everywhere", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("auth/google", views.google_start, name="google"),
    path("auth/callback", views.auth_callback, name="callback"),
    path("forgot-password", views.forgot_password, name="forgot-password"),
    path("reset-password", views.reset_password, name="reset-password"),
]
