"""Reports in a real browser: headless Chromium, network disabled, every chart draws, no request leaves.

Needs Debian's `chromium` (installed by .ci/run). Elsewhere the tests skip and say why.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import nbformat
import pytest

from conflictnews.run import find_notebooks, notebook_to_html

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine: install Debian's chromium (apt-get install chromium)"
)


# Chromium's own background services (time, component updates, sign-in) call these hosts whatever page is open;
# they are the browser's traffic, not the report's, and are listed apart. Any other host fails the test.
BROWSER_SERVICE_HOSTS = re.compile(r"^(?:[\w-]+\.)*(?:google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$")


RECV_SECONDS = 10  # how long the trap waits for a connection's first bytes (CI machines can be slow)


class RequestTrap:
    """A local 'proxy' that records the host of every request the browser tries to send."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hosts: list[str] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(RECV_SECONDS)
            try:
                raw = conn.recv(1024)
            except OSError:  # connected and sent nothing in RECV_SECONDS: counted, its host unknown
                raw = None
            conn.close()
            if raw == b"":  # connected, then closed without sending a byte: no request was made
                continue
            head = (raw or b"").decode("latin-1")
            match = re.match(r"[A-Z]+ (?:https?://)?([^/:\s]+)", head)
            self.hosts.append(match.group(1) if match else f"? unparsed: {head[:80]!r}")

    def page_requests(self) -> list[str]:
        """Return the hosts requested other than the browser's own services."""
        return [h for h in self.hosts if not BROWSER_SERVICE_HOSTS.match(h)]

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=RECV_SECONDS + 2)
        self.sock.close()


def render_dom(page: Path, trap: RequestTrap, tmp_path: Path) -> str:
    """Return the DOM of a page after its scripts ran, in headless Chromium routed through the trap."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}",
         f"--proxy-server=http://127.0.0.1:{trap.port}", "--proxy-bypass-list=<-loopback>",
         "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("reports")
    pages = []
    for notebook in find_notebooks(ROOT / "notebooks"):
        page = out / (notebook.stem + ".html")
        page.write_text(notebook_to_html(nbformat.read(notebook, as_version=4)), encoding="utf-8")
        pages.append(page)
    return pages


def test_every_chart_draws_offline_and_nothing_leaves(reports, tmp_path):
    trap = RequestTrap()
    try:
        drawn = 0
        for page in reports:
            dom = render_dom(page, trap, tmp_path)
            charts = re.findall(r'<div class="cn-chart[^"]*" id="(cn-chart-\d+)"(.*?)</div>\s*<script', dom, re.S)
            expected = page.read_text(encoding="utf-8").count('class="cn-spec"')
            assert len(charts) == expected, page.name
            for chart_id, inner in charts:
                assert "<svg" in inner or "<canvas" in inner, f"{page.name}: {chart_id} drew nothing"
            drawn += len(charts)
        assert drawn > 0
    finally:
        trap.close()
    assert trap.page_requests() == [], f"requests tried to leave the machine: {trap.page_requests()}"


def test_trap_sees_a_page_request(tmp_path):
    """The trap is not blind: a page loading a CDN script is caught."""
    page = tmp_path / "cdn.html"
    page.write_text('<html><body><script src="https://cdn.jsdelivr.net/npm/vega@5"></script></body></html>')
    trap = RequestTrap()
    try:
        render_dom(page, trap, tmp_path)
    finally:
        trap.close()
    assert "cdn.jsdelivr.net" in trap.page_requests()
