"""A local HTTP server that plays data.gouv.fr's API (udata) for the bridge's tests.

It listens on 127.0.0.1 only, on a free port, and records every request.
It answers:

- ``GET``: the JSON files it was given, by path and query, with
  ``https://www.data.gouv.fr`` replaced by its own address (so that
  ``next_page`` and the other links lead back to it); 404 otherwise;
- ``POST /api/1/dataservices/``: 201 and the dataservice with a new id;
- ``PATCH /api/1/dataservices/<id>/``: 200 for a known id, 400 (with
  udata's ``{message, errors}``) for an id it is told to refuse, 404
  otherwise.

Writes are refused as udata refuses them: 401 without the right
``X-API-KEY``, 400 for a key that is not one of udata's writable fields
(:data:`UDATA_WRITE_FIELDS`) or without a title on creation.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: udata's writable fields of a dataservice: ``Dataservice.__write_fields__``
#: (every field of ``udata/core/dataservices/models.py`` and of
#: ``WithAccessType`` not marked readonly), as the API's write model
#: ``DataserviceWrite`` lists them.
UDATA_WRITE_FIELDS = frozenset(
    {
        "access_audiences", "access_type", "access_type_reason", "access_type_reason_category",
        "acronym", "archived_at", "authorization_request_url", "availability", "availability_url",
        "base_api_url", "business_documentation_url", "contact_points", "datasets", "deleted_at",
        "description", "extras", "format", "license", "machine_documentation_url", "organization",
        "owner", "private", "rate_limiting", "rate_limiting_url", "tags",
        "technical_documentation_url", "title",
    }
)  # fmt: skip

PUBLIC = "https://www.data.gouv.fr"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeUdata:
    """The server's state: what it serves, knows, refuses, and what it was asked."""

    api_key: str = "cle-de-test"
    #: ``/path?query`` → JSON document served on GET.
    documents: dict[str, Any] = field(default_factory=dict)
    #: Dataservice ids that exist (PATCH answers 200).
    known: set[str] = field(default_factory=set)
    #: Dataservice ids whose update is refused (400).
    refused: set[str] = field(default_factory=set)
    requests: list[Request] = field(default_factory=list)
    base: str = ""
    _created: int = 0

    def serve_file(self, path_and_query: str, file: Path) -> None:
        self.documents[path_and_query] = json.loads(file.read_text(encoding="utf-8"))

    def start(self) -> FakeUdata:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.method != "GET"]

    # -- answers -----------------------------------------------------------------------------

    def answer(self, method: str, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any]:
        self.requests.append(Request(method, path, headers, body))
        if method == "GET":
            if path not in self.documents:
                return 404, {"message": "Not found"}
            text = json.dumps(self.documents[path]).replace(PUBLIC, self.base)
            return 200, json.loads(text)
        if headers.get("x-api-key") != self.api_key:
            return 401, {"message": "Unauthorized"}
        if not isinstance(body, dict):
            return 400, {"message": "Expecting a JSON object"}
        unknown = sorted(set(body) - UDATA_WRITE_FIELDS)
        if unknown:
            return 400, {"message": "Validation error", "errors": {key: "Unknown field" for key in unknown}}
        if method == "POST" and path == "/api/1/dataservices/":
            if not body.get("title"):
                return 400, {"message": "Validation error", "errors": {"title": "Field is required"}}
            self._created += 1
            identifier = f"77ab{self._created:020x}"
            self.known.add(identifier)
            return 201, {"id": identifier, **body}
        match = re.fullmatch(r"/api/1/dataservices/([0-9a-f]{24})/", path)
        if method == "PATCH" and match:
            identifier = match.group(1)
            if identifier in self.refused:
                return 400, {"message": "Validation error", "errors": {"tags": "Tag must be between 3 and 96 characters long."}}
            if identifier in self.known:
                return 200, {"id": identifier, **body}
            return 404, {"message": "Not found"}
        return 405, {"message": "Method not allowed"}


def _handler(state: FakeUdata) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                body = raw.decode("utf-8", "replace")
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer = state.answer(method, self.path, headers, body)
            data = json.dumps(answer).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._reply("GET")

        def do_POST(self) -> None:
            self._reply("POST")

        def do_PATCH(self) -> None:
            self._reply("PATCH")

        def do_PUT(self) -> None:
            self._reply("PUT")

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
