"""``make specs``: downloading each API's specification into ``apis/openapi/``.

A local HTTP server (127.0.0.1, threads) plays the providers: a normal
specification, redirections (one to a private address), a 404, a slow
answer, an oversized one, HTML instead of a specification.  Host names are
looked up by a fake resolver: no test asks a DNS server, and no address
other than 127.0.0.1 is ever connected to (refused addresses are refused
before any connection).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from catalogue.commands.specs import LOCK, update_specs
from catalogue.openapi import read_lock
from catalogue.openapi.fetch import FetchError, Limits, fetch
from helpers.commands import run

SPEC = json.dumps({"openapi": "3.0.3", "info": {"title": "Essai", "version": "1"}, "paths": {}}).encode()
SPEC_YAML = b"openapi: 3.0.3\ninfo:\n  title: Essai YAML\n  version: '1'\npaths: {}\n"
DAY_ONE = dt.date(2026, 1, 15)
DAY_TWO = dt.date(2026, 2, 20)


class Provider(BaseHTTPRequestHandler):
    """The routes of the fake provider; what it served is in :attr:`hits`."""

    hits: ClassVar[list[str]] = []
    spec = SPEC
    stop = threading.Event()

    def do_GET(self) -> None:  # the standard library's name for it
        self.hits.append(self.path)
        route = getattr(self, "route_" + self.path.strip("/").replace("-", "_").replace(".", "_"), None)
        if route is None:
            self.send_error(404)
        else:
            route()

    def answer(self, body: bytes, content_type: str, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_spec_json(self) -> None:
        self.answer(self.spec, "application/json")

    def route_spec_yaml(self) -> None:
        self.answer(SPEC_YAML, "application/yaml; charset=utf-8")

    def route_texte(self) -> None:  # no suffix, text/plain: the content decides
        self.answer(SPEC_YAML, "text/plain")

    def route_redirect(self) -> None:
        self.redirect("/spec.json")

    def route_redirect_private(self) -> None:
        self.redirect("http://10.0.0.1/spec.json")

    def route_redirect_metadata(self) -> None:
        self.redirect("https://169.254.169.254/latest/meta-data/", 307)

    def route_loop(self) -> None:
        self.redirect("/loop", 301)

    def route_slow(self) -> None:
        self.stop.wait(3)
        self.answer(self.spec, "application/json")

    def route_huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(10 * 1024 * 1024))
        self.end_headers()

    def route_huge_stream(self) -> None:  # no Content-Length: counted as it comes
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b'{"openapi": "3.0.3", "x": "')
        for _ in range(64):
            self.wfile.write(b"x" * 64 * 1024)
        self.wfile.write(b'"}')

    def route_html(self) -> None:
        self.answer(b"<!doctype html><html><body>Connexion requise</body></html>", "text/html")

    def route_gzip(self) -> None:
        self.answer(b"\x1f\x8b\x08\x00", "application/json", Content_Encoding="gzip")

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stops reading an oversized answer is expected


@pytest.fixture
def provider() -> Iterator[str]:
    Provider.hits = []
    Provider.spec = SPEC
    Provider.stop = threading.Event()
    server = _Server(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        Provider.stop.set()
        server.shutdown()
        server.server_close()


NAMES = {
    "intranet.exemple.fr": ["10.0.0.5"],
    "metadata.exemple.fr": ["169.254.169.254"],
    "mapped.exemple.fr": ["::ffff:127.0.0.1"],
    "sixtofour.exemple.fr": ["2002:a00:1::1"],
    "mixed.exemple.fr": ["93.184.216.34", "192.168.1.1"],
    "public.exemple.fr": ["93.184.216.34"],
    "shared.exemple.fr": ["100.64.0.1"],
}


def resolve(host: str, port: int) -> list[str]:
    """Literal addresses as they are, a few names; never a DNS query."""
    if host in NAMES:
        return NAMES[host]
    if host.replace(".", "").isdigit() or ":" in host:
        return [host]
    raise OSError("no such name in the tests")


FAST = Limits(timeout=2.0, deadline=10.0)


def site(root: Path, links: dict[str, str]) -> Path:
    (root / "apis").mkdir(parents=True, exist_ok=True)
    for identifier, link in links.items():
        text = f"title: API {identifier}\n" + (f"openapi_link: {link}\n" if link else "")
        (root / "apis" / f"{identifier}.yml").write_text(text, encoding="utf-8")
    return root


def update(root: Path, today: dt.date = DAY_ONE, limits: Limits = FAST, allow_local: bool = True):
    return update_specs(root, today=lambda: today, limits=limits, allow_local=allow_local, resolve=resolve)


def snapshot_files(root: Path) -> dict[str, tuple[bytes, int]]:
    folder = root / "apis" / "openapi"
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())} if folder.exists() else {}


def lock(root: Path) -> dict:
    return json.loads((root / "apis" / "openapi" / LOCK).read_text(encoding="utf-8"))


# -- The normal run ------------------------------------------------------------------------


def test_snapshot_and_lock_are_written(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json", "api-sans-lien": ""})
    report = update(root)
    assert report.ok and (report.updated, report.unchanged) == (1, 0)
    assert report.lines == [f"apis/openapi/api-essai.json : mis à jour depuis {provider}/spec.json"]
    assert (root / "apis/openapi/api-essai.json").read_bytes() == SPEC
    text = (root / "apis/openapi" / LOCK).read_text(encoding="utf-8")
    import hashlib

    expected = {"format": 1, "specs": {"api-essai": {
        "file": "api-essai.json", "sha256": hashlib.sha256(SPEC).hexdigest(), "source": f"{provider}/spec.json",
        "updated": "2026-01-15"}}}
    assert text == json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_a_rerun_without_change_changes_no_byte(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json", "api-yaml": f"{provider}/spec.yaml"})
    update(root, DAY_ONE)
    before = snapshot_files(root)
    report = update(root, DAY_TWO)
    assert report.ok and (report.updated, report.unchanged) == (0, 2)
    assert snapshot_files(root) == before  # bytes and modification times
    assert lock(root)["specs"]["api-essai"]["updated"] == "2026-01-15"


def test_an_upstream_change_updates_snapshot_and_date(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json"})
    update(root, DAY_ONE)
    Provider.spec = SPEC.replace(b'"1"', b'"2"')
    report = update(root, DAY_TWO)
    assert report.updated == 1
    assert (root / "apis/openapi/api-essai.json").read_bytes() == Provider.spec
    assert lock(root)["specs"]["api-essai"]["updated"] == "2026-02-20"


def test_redirections_are_followed(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/redirect"})
    assert update(root).ok
    assert Provider.hits == ["/redirect", "/spec.json"]
    assert lock(root)["specs"]["api-essai"]["source"] == f"{provider}/redirect"


def test_the_media_type_or_the_content_decides_the_suffix(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json"})
    update(root)
    (root / "apis/api-essai.yml").write_text(f"title: Essai\nopenapi_link: {provider}/spec.yaml\n")
    assert update(root).ok
    assert sorted(snapshot_files(root)) == ["api-essai.yaml", LOCK]  # the .json of the earlier run is gone
    assert (root / "apis/openapi/api-essai.yaml").read_bytes() == SPEC_YAML
    (root / "apis/api-essai.yml").write_text(f"title: Essai\nopenapi_link: {provider}/texte\n")
    assert update(root).ok and lock(root)["specs"]["api-essai"]["file"] == "api-essai.yaml"


# -- Failures: reported, previous snapshot kept ------------------------------------------------


@pytest.mark.parametrize(
    ("route", "words", "limits"),
    [
        ("missing", "le serveur répond 404 (introuvable) ;", FAST),
        ("slow", "pas de réponse dans les 0.5 s ;", Limits(timeout=0.5)),
        ("huge", "fichier trop volumineux (plus de 3 Mio) ;", FAST),
        ("huge-stream", "fichier trop volumineux (plus de 3 Mio) ;", FAST),
        ("redirect-private", "mène à une adresse privée, locale ou réservée (10.0.0.1)", FAST),
        ("redirect-metadata", "(169.254.169.254)", FAST),
        ("loop", "plus de 5 redirections ;", FAST),
        ("html", "n'est pas une spécification OpenAPI", FAST),
        ("gzip", "contenu compressé", FAST),
    ],
)
def test_a_failure_is_reported_and_keeps_the_previous_snapshot(provider, tmp_path, route, words, limits):
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json"})
    update(root, DAY_ONE)
    before = snapshot_files(root)
    (root / "apis/api-essai.yml").write_text(f"title: Essai\nopenapi_link: {provider}/{route}\n")
    report = update(root, DAY_TWO, limits)
    assert not report.ok and report.failed == 1
    [line] = report.lines
    assert line.startswith("apis/api-essai.yml:2:1: openapi_link : ")
    assert words in line and line.endswith("(instantané précédent gardé)")
    assert snapshot_files(root) == before
    if route.startswith("redirect-"):
        assert Provider.hits[1:] == [f"/{route}"]  # the private address itself was never contacted


def test_a_failure_without_snapshot_says_so(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/missing"})
    report = update(root)
    assert report.lines[0].endswith("(aucun instantané)")
    assert not (root / "apis/openapi").exists()


def test_loopback_is_refused_unless_allowed(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json"})
    report = update(root, allow_local=False)
    assert report.failed == 1 and Provider.hits == []
    assert "https://" in report.lines[0]
    root = site(tmp_path / "b", {"api-essai": provider.replace("http:", "https:") + "/spec.json"})
    report = update(root, allow_local=False)
    assert "adresse privée, locale ou réservée (127.0.0.1)" in report.lines[0] and Provider.hits == []


@pytest.mark.parametrize("allow_local", [False, True])
@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://intranet.exemple.fr/spec.json", "fetch.address"),
        ("https://metadata.exemple.fr/", "fetch.address"),
        ("https://sixtofour.exemple.fr/spec.json", "fetch.address"),  # 6to4 carrying 10.0.0.1
        ("https://mixed.exemple.fr/spec.json", "fetch.address"),  # one private address is enough
        ("https://shared.exemple.fr/spec.json", "fetch.address"),  # 100.64/10, carrier-grade NAT
        ("https://0.0.0.0/spec.json", "fetch.address"),
        ("https://unknown.exemple.fr/spec.json", "fetch.dns"),
        ("http://public.exemple.fr/spec.json", "fetch.scheme"),
        ("ftp://public.exemple.fr/spec.json", "fetch.scheme"),
        ("file:///etc/passwd", "fetch.scheme"),
        ("https://user:secret@public.exemple.fr/spec.json", "fetch.url"),
        ("https:///spec.json", "fetch.url"),
    ],
)
def test_refused_addresses(url, code, allow_local):
    """Refused before any connection; allowing loopback (for tests) allows nothing else."""
    with pytest.raises(FetchError) as caught:
        fetch(url, limits=FAST, allow_local=allow_local, resolve=resolve)
    assert caught.value.code == code
    assert " ; " in caught.value.message


@pytest.mark.parametrize("url", ["https://[::1]/spec.json", "https://mapped.exemple.fr/spec.json",
                                 "https://127.0.0.2/spec.json"])
def test_loopback_in_any_form_is_refused(url):
    with pytest.raises(FetchError) as caught:
        fetch(url, limits=FAST, allow_local=False, resolve=resolve)
    assert caught.value.code == "fetch.address"


def test_an_unreadable_lock_is_rewritten(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json"})
    (root / "apis/openapi").mkdir()
    (root / "apis/openapi" / LOCK).write_text('{"format": 1, "specs": {"api-essai": {"file": 3}}}')
    report = update(root)
    assert report.ok and "fichier illisible ou incomplet" in report.lines[0]
    assert lock(root)["specs"]["api-essai"]["updated"] == "2026-01-15"
    entries, readable = read_lock(root / "apis/openapi" / LOCK)
    assert readable and entries["api-essai"].source == f"{provider}/spec.json"


def test_an_invalid_link_is_not_fetched(tmp_path):
    root = site(tmp_path, {"api-essai": "ftp://exemple.fr/spec.json"})
    report = update(root)
    assert report.failed == 1 and "make validate" in report.lines[0]


def test_a_snapshot_without_link_keeps_its_entry_and_stale_entries_are_reported(provider, tmp_path):
    """A record that loses its openapi_link keeps its snapshot and its origin
    (a file committed by hand); an entry whose snapshot is gone is dropped."""
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json"})
    update(root)
    before = lock(root)["specs"]
    site(root, {"api-essai": ""})
    report = update(root)
    assert report.ok and report.lines == []
    assert lock(root)["specs"] == before and (root / "apis/openapi/api-essai.json").exists()
    (root / "apis/openapi/api-essai.json").unlink()
    report = update(root)
    assert report.ok and report.lines == [
        ("apis/openapi/api-essai.json : l'API « api-essai » n'a plus de fiche ou d'instantané ; son entrée est "
         "retirée du fichier de verrou")]
    assert lock(root)["specs"] == {}


# -- The command ---------------------------------------------------------------------------


def test_the_command_prints_french_lines_and_exits_1_on_failure(provider, tmp_path):
    root = site(tmp_path, {"api-essai": f"{provider}/spec.json", "api-perdue": f"{provider}/missing"})
    done = run("python", "-m", "catalogue.commands.specs", "--root", str(root), CATALOGUE_SPECS_ALLOW_LOCAL="1")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"apis/openapi/api-essai.json : mis à jour depuis {provider}/spec.json",
        ("apis/api-perdue.yml:2:1: openapi_link : le serveur répond 404 (introuvable) ; vérifiez l'adresse "
         "openapi_link, ou réessayez plus tard (aucun instantané)"),
    ]
    assert done.stderr.strip() == "2 spécification(s) OpenAPI : 1 mise(s) à jour, 0 inchangée(s), 1 en échec."
    (root / "apis/api-perdue.yml").unlink()
    done = run("python", "-m", "catalogue.commands.specs", "--root", str(root), CATALOGUE_SPECS_ALLOW_LOCAL="1")
    assert done.returncode == 0 and done.stdout == "apis/openapi/api-essai.json : inchangé\n"
    # Without the variable, loopback is refused.
    done = run("python", "-m", "catalogue.commands.specs", "--root", str(root), CATALOGUE_SPECS_ALLOW_LOCAL="")
    assert done.returncode == 1 and "https://" in done.stdout
