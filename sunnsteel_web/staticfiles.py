"""Production's static files: our scripts bundled and minified, stylesheets minified, then hashed and
compressed by WhiteNoise.

`collectstatic` copies each file into STATIC_ROOT; before WhiteNoise names them by their content and writes
their gzip and brotli copies, this storage rewrites our own `.js` and `.css` there without comments and
indentation (rjsmin, rcssmin: whitespace and comments only, never a name or a string), and has the hashed
copy made from that rewrite rather than from the source. The sources in `static/` keep their comments;
development serves them as written. Files that are already minified (`*.min.js`, htmx) are left alone.

Scripts that every page loading one of them loads together (BUNDLES) are also written as one file, in their
order, and pages name that file in production (`{% scripts %}`, sunnsteel_web/templatetags/assets.py): one
request instead of nine on the live page, and one brotli stream, which compresses better than nine. Each
part is a self-contained function expression, so the bundle runs exactly as the parts did one after another.

A file's URL is looked up in the manifest once per process (`url`): Django's lookup cleans, splits and
searches the name on every `{% static %}` (profiled: about a tenth of a millisecond each, 5 to 7 per page),
and the answer changes only with a deploy, which starts new processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]
from django.conf import settings
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]

BUNDLES: dict[str, tuple[str, ...]] = {
    # Every page of base.html: signed in, and the few shown signed out (errors, offline).
    "js/bundles/signed-in.js": ("js/app.js", "js/early.js", "js/timezone.js", "js/workout.js"),
    "js/bundles/signed-out.js": ("js/app.js", "js/timezone.js"),
    # The live workout (workouts/session.html), in the order its modules build their shared namespace.
    "js/bundles/session.js": tuple(
        f"js/session/{part}.js"
        for part in "store rows saving answers sync drafts rest clock dialogs finish plates".split()
    ),
}
MINIFIERS: dict[str, Callable[[str], str]] = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minifier(name: str) -> Callable[[str], str] | None:
    """What minifies this file, or None for a file we leave as it is."""
    if ".min." in name:
        return None
    return next((minify for suffix, minify in MINIFIERS.items() if name.endswith(suffix)), None)


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    bundles = True  # pages name BUNDLES' files, not their parts

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool, bool], str] = {}

    def url(self, name: str, force: bool = False) -> str:
        key = (name, force, settings.DEBUG)  # DEBUG serves the names unhashed
        try:
            return self._urls[key]
        except KeyError:
            url = self._urls[key] = super().url(name, force)
            return str(url)

    def post_process(
        self, paths: dict[str, Any], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str, bool]]:
        if not dry_run:
            for bundle, parts in BUNDLES.items():
                text = ";\n".join(self.open(part).read().decode() for part in parts)
                self.delete(bundle)
                self._save(bundle, ContentFile(text.encode()))
                paths[bundle] = (self, bundle)
            for name in paths:
                if (minify := minifier(name)) is None:
                    continue
                with self.open(name) as original:
                    text = original.read().decode()
                if (small := minify(text)) != text:
                    self.delete(name)
                    self._save(name, ContentFile(small.encode()))
                    paths[name] = (self, name)  # the hashed copy is made from this one, not the source
        yield from super().post_process(paths, dry_run, **options)
