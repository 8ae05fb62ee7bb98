"""Production's static files: our scripts and stylesheets minified, then hashed and compressed by WhiteNoise.

`collectstatic` copies each file into STATIC_ROOT; before WhiteNoise names them by their content and writes
their gzip and brotli copies, this storage rewrites our own `.js` and `.css` there without comments and
indentation (rjsmin, rcssmin: whitespace and comments only, never a name or a string), and has the hashed
copy made from that rewrite rather than from the source. The sources in `static/` keep their comments;
development serves them as written. Files that are already minified (`*.min.js`, htmx) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]

MINIFIERS: dict[str, Callable[[str], str]] = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minifier(name: str) -> Callable[[str], str] | None:
    """What minifies this file, or None for a file we leave as it is."""
    if ".min." in name:
        return None
    return next((minify for suffix, minify in MINIFIERS.items() if name.endswith(suffix)), None)


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def post_process(
        self, paths: dict[str, Any], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str, bool]]:
        if not dry_run:
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
