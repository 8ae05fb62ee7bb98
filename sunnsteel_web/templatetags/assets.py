"""{% scripts "js/bundles/…" %}: a bundle's script tags, deferred: in production the one bundled file, else
each of its parts as written (sunnsteel_web/staticfiles.py)."""

from __future__ import annotations

from django import template
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from sunnsteel_web.staticfiles import BUNDLES

register = template.Library()


def script_names(bundle: str) -> tuple[str, ...]:
    """The static files a page loads for this bundle, in order."""
    return (bundle,) if getattr(staticfiles_storage, "bundles", False) else BUNDLES[bundle]


@register.simple_tag
def scripts(bundle: str) -> SafeString:
    return format_html_join(
        "", '<script src="{}" defer></script>', ((static(name),) for name in script_names(bundle))
    )
