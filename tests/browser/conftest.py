"""Browser tests: the real site, built once, served on 127.0.0.1, seen by Chromium.

Debian's Chromium and ChromeDriver drive the pages (``.ci/run`` installs them
with apt-get; no test tool downloads a browser).  Without them these tests
are skipped, with the reason.  Screenshots go to ``_build/screenshots/`` so
that a person can look at the pages.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "_build" / "screenshots"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

#: Window sizes the pages are checked at.
WIDTHS = {"ordinateur": (1400, 900), "telephone": (390, 844)}


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once for the session (a full, strict build)."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600")}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", "-E", "-W", "-q", "-b", "html", str(REPO), str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (an ephemeral port)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory) -> Iterator:
    """Headless Debian Chromium, driven by Selenium through ChromeDriver."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Chromium et ChromeDriver absents (apt-get install chromium chromium-driver, fait par .ci/run)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--lang=fr-FR",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    width, height = WIDTHS["ordinateur"]
    driver.set_window_size(width, height)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core, installed from npm by make test (package.json), not committed."""
    if not AXE.exists():
        pytest.skip("axe-core absent : lancez make test (npm ci) pour l'installer")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
