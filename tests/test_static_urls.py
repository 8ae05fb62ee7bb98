"""Production's static storage (sunnsteel_web/staticfiles.py) names each file by its hashed copy, as
Django's manifest storage does, looking each up once per process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sunnsteel_web.staticfiles import MinifiedStaticFilesStorage


def test_static_urls_are_the_manifests_also_when_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = {"version": "1.1", "paths": {"css/app.css": "css/app.0123456789ab.css"}, "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = MinifiedStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    looked_up: list[str] = []
    real = storage.stored_name
    monkeypatch.setattr(storage, "stored_name", lambda name: looked_up.append(name) or real(name))

    urls = [storage.url("css/app.css") for _ in range(3)]

    assert urls == ["/static/css/app.0123456789ab.css"] * 3
    assert looked_up == ["css/app.css"]  # once
    with pytest.raises(ValueError):  # a file missing from the manifest still fails, every time
        storage.url("css/missing.css")
    with pytest.raises(ValueError):
        storage.url("css/missing.css")
