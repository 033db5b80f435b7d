"""Talking to udata's API over HTTP: reading JSON, and sending it with an API key.

The standard library is enough for two kinds of call, and keeps the
importer free of a dependency that the site does not need.  Both are
injected where they are used (the import's ``fetch``, the push's
``send``), so that tests play data.gouv.fr on a local server or in memory.

Bounded on purpose: only ``http(s)``, a time limit, and a size limit on
what is read, since the answer comes from another machine.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .tables import MAX_FILE_BYTES

#: Reads the JSON at a URL; raises :class:`FetchError`.
Fetch = Callable[[str], Any]

TIMEOUT = 60
USER_AGENT = "catalogue-api-service-public (import et publication data.gouv.fr)"


class FetchError(Exception):
    """A URL that could not be read as JSON."""


@dataclass
class Response:
    """What udata answered: the status and the JSON body (``None`` when it was not JSON)."""

    status: int
    body: Any
    text: str = ""


#: Sends a request: (method, url, JSON body, headers) → :class:`Response`.
Send = Callable[[str, str, Any, Mapping[str, str]], Response]


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"adresse refusée (ni http ni https) : {url}")


def _read(response: Any) -> bytes:
    data = response.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FetchError(f"réponse de plus de {MAX_FILE_BYTES // (1024 * 1024)} Mio")
    return data


def fetch_json(url: str) -> Any:
    """GET *url* and parse its JSON (the importer's default :data:`Fetch`)."""
    _check_scheme(url)
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data = _read(response)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url} : HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"{url} : {getattr(exc, 'reason', exc)}") from None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{url} : pas du JSON ({exc})") from None


def send_json(method: str, url: str, body: Any, headers: Mapping[str, str]) -> Response:
    """*method* *url* with *body* as JSON (the push's default :data:`Send`); never raises on HTTP errors."""
    _check_scheme(url)
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **headers,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            status, raw = response.status, _read(response)
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read(MAX_FILE_BYTES)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"{url} : {getattr(exc, 'reason', exc)}") from None
    text = raw.decode("utf-8", errors="replace")
    try:
        body_out = json.loads(text) if text.strip() else None
    except json.JSONDecodeError:
        body_out = None
    return Response(status, body_out, text)
