"""Headless reruns on a user's corpus: every notebook runs, reports are offline, hostile article text stays inert."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HOSTILE_TITLE = 'Strike on <script>alert("t")</script> Idlib'
HOSTILE_TEXT = (
    'At least 12 civilians were killed in an air strike on Idlib on Monday, the Syrian Observatory for Human Rights '
    'said. <script>alert("x")</script> "We saw <img src=x onerror=alert(1)> bodies," a rescue worker told '
    'reporters. Read more at <a href="javascript:alert(2)">this link</a> and javascript:alert(3). '
    'The regime denied that its jets had struck the market, state news agency SANA said.'
)
LIVE_PATTERNS = [
    r"<script>alert",
    r"<img[^>]*onerror",
    r"<a[^>]*href=[\"']?javascript:",
]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "hostile.jsonl"
    corpus.write_text(json.dumps({"id": "hostile-1", "title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "outlet": "Evil Daily",
                                  "published": "2017-04-04"}) + "\n", encoding="utf-8")
    out = folder / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "conflictnews", "run", "--corpus", str(corpus), str(seed_path), "--out", str(out),
         "--notebooks", str(ROOT / "notebooks")],
        capture_output=True, text=True, timeout=1800,
    )
    return result, out


def test_run_writes_every_report_and_index(hostile_run):
    result, out = hostile_run
    assert result.returncode == 0, result.stderr[-3000:]
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert sorted(p.stem for p in out.glob("[0-9][0-9]-*.html")) == notebooks
    index = (out / "index.html").read_text(encoding="utf-8")
    for stem in notebooks:
        assert f'href="{stem}.html"' in index
    assert "inputs</th><td>2<" in index and "articles</th><td>2<" in index
    assert "actor gazetteer</th><td>version " in index and "spaCy model</th><td>" in index


def test_hostile_text_is_never_live(hostile_run):
    _, out = hostile_run
    for page in list(out.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for pattern in LIVE_PATTERNS:
            assert not re.search(pattern, html, re.IGNORECASE), f"{page.name}: live {pattern}"


def test_reports_have_no_external_resources(hostile_run):
    _, out = hostile_run
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"']?(?:https?:)?//", html, re.IGNORECASE), page.name
        assert not re.search(r"<link[^>]+href=[\"']?(?:https?:)?//", html, re.IGNORECASE), page.name
