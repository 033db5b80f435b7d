"""From a checked document to the model: servers, operations by tag, parameters, bodies.

Swagger 2.0 and OpenAPI 3.x say the same things in different places (a
body is a parameter in 2.0, a ``requestBody`` in 3.x; servers are a host
and a base path in 2.0...).  :class:`Builder` reads both into the one
model of :mod:`.model`, best effort: a part that is missing or malformed
is left empty (the validator has reported it), never a reason to give up
on the rest.  The whole reading is bounded (:data:`MAX_OPERATIONS`,
:data:`MAX_PARAMETERS`, and the budgets of :mod:`.schemas`, per body and
per specification), so that the model stays small enough to keep and
pickle whatever the file holds.
"""

from __future__ import annotations

import re
from typing import Any

from .model import Body, Group, Operation, Parameter, Pointer, SpecProblem
from .refs import Resolver, join
from .schemas import MAX_FIELDS, Flattener, text

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
MAX_OPERATIONS = 2000
MAX_PARAMETERS = 200
#: Fields kept for the whole specification; past it, bodies keep their type only.
MAX_SPEC_FIELDS = 10_000

_SUCCESS = re.compile(r"^2(\d\d|XX)$", re.IGNORECASE)
_OPENAPI = re.compile(r"^3\.([0-2])(\.|$)")


def version_of(document: dict[str, Any]) -> tuple[str, str, list[SpecProblem]]:
    """(family: ``2.0``, ``3.0``, ``3.1``, ``3.2`` or ``""``; format as shown; problems)."""
    if "swagger" in document:
        if str(document["swagger"]) == "2.0":
            return "2.0", "Swagger 2.0", []
    elif isinstance(document.get("openapi"), str):
        match = _OPENAPI.match(document["openapi"])
        if match:
            return f"3.{match.group(1)}", f"OpenAPI {document['openapi']}", []
    return "", "", [SpecProblem(
        "/openapi" if "openapi" in document else "/swagger" if "swagger" in document else "",
        "version de la spécification absente ou inconnue ; le fichier doit commencer par « openapi: 3.0.3 » "
        "(ou 3.1.x) ou, pour l'ancien format, « swagger: \"2.0\" »",
        "spec.version",
    )]


def _word(node: dict[str, Any], key: str) -> str:
    """A short text (title, version) that YAML may have read as a number."""
    value = node.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return text(node, key)


class Builder:
    """Reads one document (the copy made by :func:`.refs.local_only`)."""

    def __init__(self, document: dict[str, Any], family: str) -> None:
        self.document = document
        #: With no known version, read as OpenAPI 3 unless it looks like 2.0.
        self.v2 = family == "2.0" or (not family and ("definitions" in document or "host" in document))
        self.resolver = Resolver(document)
        self.flattener = Flattener(self.resolver, nullable=family in ("3.0", ""))
        self.fields_left = MAX_SPEC_FIELDS
        self.problems: list[SpecProblem] = []

    def info(self) -> tuple[str, str, str]:
        info = self.document.get("info")
        info = info if isinstance(info, dict) else {}
        return _word(info, "title"), _word(info, "version"), text(info, "description")

    def servers(self) -> tuple[str, ...]:
        found: list[str] = []
        if self.v2:
            host, base = text(self.document, "host"), text(self.document, "basePath")
            schemes = [s for s in self.document.get("schemes") or () if isinstance(s, str)] or ["https"]
            found = [f"{scheme}://{host}{base}" for scheme in schemes] if host else [base] if base else []
        else:
            for server in self.document.get("servers") or ():
                if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                    continue
                url = server["url"]
                variables = server.get("variables")
                for name, variable in (variables if isinstance(variables, dict) else {}).items():
                    if isinstance(variable, dict) and isinstance(variable.get("default"), str):
                        url = url.replace("{" + name + "}", variable["default"])
                found.append(url)
        return tuple(dict.fromkeys(found))

    def groups(self) -> tuple[Group, ...]:
        declared: dict[str, str] = {}
        for tag in self.document.get("tags") or ():
            if isinstance(tag, dict) and isinstance(tag.get("name"), str):
                declared.setdefault(tag["name"], text(tag, "description"))
        by_tag: dict[str, list[Operation]] = {name: [] for name in declared}
        untagged: list[Operation] = []
        for operation in self.operations():
            (by_tag.setdefault(operation.tags[0], []) if operation.tags else untagged).append(operation)
        groups = [Group(name, declared.get(name, ""), tuple(ops)) for name, ops in by_tag.items() if ops]
        if untagged:
            groups.append(Group("", "", tuple(untagged)))
        return tuple(groups)

    def operations(self) -> list[Operation]:
        paths = self.document.get("paths")
        found: list[Operation] = []
        for path, item in (paths if isinstance(paths, dict) else {}).items():
            item, where = self.resolver.mapping(item, join("/paths", path))
            common = item.get("parameters")
            for method, operation in item.items():
                if method not in METHODS or not isinstance(operation, dict):
                    continue
                if len(found) >= MAX_OPERATIONS:
                    self.problems.append(SpecProblem("/paths", f"plus de {MAX_OPERATIONS} opérations : les suivantes "
                                                     "ne sont pas lues ; scindez la spécification", "limit.operations"))
                    return found
                found.append(self.operation(path, method, operation, join(where, method), common, where))
        return found

    def operation(self, path: str, method: str, node: dict[str, Any], pointer: Pointer, common: Any,
                  item_pointer: Pointer) -> Operation:
        parameters: dict[tuple[str, str], tuple[dict[str, Any], Pointer]] = {}
        for source, base in ((common, join(item_pointer, "parameters")), (node.get("parameters"),
                                                                         join(pointer, "parameters"))):
            for index, raw in enumerate(source if isinstance(source, list) else ()):
                parameter, where = self.resolver.mapping(raw, join(base, index))
                if parameter:
                    parameters[(text(parameter, "name"), text(parameter, "in"))] = (parameter, where)
        kept = list(parameters.values())[:MAX_PARAMETERS]
        request = None
        if self.v2:
            body = next(((p, w) for p, w in kept if p.get("in") == "body"), None)
            if body is not None:
                request = self.body(body[0].get("schema"), join(body[1], "schema"), "", "",
                                    text(body[0], "description"))
        else:
            request = self.request_body(node.get("requestBody"), join(pointer, "requestBody"))
        tags = tuple(tag for tag in node.get("tags") or () if isinstance(tag, str))
        return Operation(
            method=method.upper(),
            path=path,
            summary=text(node, "summary"),
            description=text(node, "description"),
            operation_id=text(node, "operationId"),
            deprecated=node.get("deprecated") is True,
            tags=tags,
            parameters=tuple(self.parameter(p, where) for p, where in kept),
            request=request,
            response=self.response(node.get("responses"), join(pointer, "responses")),
            pointer=pointer,
        )

    def parameter(self, node: dict[str, Any], pointer: Pointer) -> Parameter:
        location = text(node, "in")
        schema, where = node, pointer  # Swagger 2.0: the parameter carries its own type
        if location == "body" or not self.v2:
            schema, where = node.get("schema"), join(pointer, "schema")
            if schema is None and isinstance(node.get("content"), dict):
                _, schema, where = self.media(node["content"], join(pointer, "content"))
        resolved, _ = self.resolver.mapping(schema, where)
        items = resolved.get("items")
        return Parameter(
            name=text(node, "name"),
            location=location,
            type=self.flattener.type_of(schema, where) if schema is not None else "",
            format=text(resolved, "format") or (text(items, "format") if isinstance(items, dict) else ""),
            required=node.get("required") is True or location == "path",
            description=text(node, "description"),
            deprecated=node.get("deprecated") is True,
        )

    def media(self, content: dict[str, Any], pointer: Pointer) -> tuple[str, Any, Pointer]:
        """(media type, schema, its pointer) of a ``content``: JSON first."""
        names = [name for name in content if isinstance(content[name], dict)]
        chosen = next((n for n in names if n.split(";")[0].strip() == "application/json"), None)
        chosen = chosen or next((n for n in names if "json" in n), None) or (names[0] if names else "")
        media = content.get(chosen) if chosen else None
        if not isinstance(media, dict):
            return "", None, pointer
        return chosen, media.get("schema"), join(pointer, chosen, "schema")

    def request_body(self, raw: Any, pointer: Pointer) -> Body | None:
        if raw is None:
            return None
        node, where = self.resolver.mapping(raw, pointer)
        content = node.get("content")
        media, schema, schema_pointer = self.media(content if isinstance(content, dict) else {},
                                                   join(where, "content"))
        return self.body(schema, schema_pointer, "", media, text(node, "description"))

    def response(self, raw: Any, pointer: Pointer) -> Body | None:
        responses, where = self.resolver.mapping(raw, pointer)
        codes = sorted((str(code) for code in responses if _SUCCESS.match(str(code))), key=str.upper)
        status = codes[0] if codes else "default" if "default" in responses else ""
        if not status:
            return None
        node, at = self.resolver.mapping(responses[status], join(where, status))
        if self.v2:
            media, schema, schema_pointer = "", node.get("schema"), join(at, "schema")
        else:
            content = node.get("content")
            media, schema, schema_pointer = self.media(content if isinstance(content, dict) else {},
                                                       join(at, "content"))
        return self.body(schema, schema_pointer, status, media, text(node, "description"))

    def body(self, schema: Any, pointer: Pointer, status: str, media: str, description: str) -> Body:
        if schema is None:
            return Body(status=status, media_type=media, description=description)
        if self.fields_left <= 0:
            return Body(status=status, media_type=media, type=self.flattener.type_of(schema, pointer),
                        description=description, truncated=True,
                        note="champs non détaillés : la spécification en décrit trop pour une seule page")
        known = len(self.flattener.known)
        kind, fields, cut = self.flattener.fields(schema, pointer)
        if len(self.flattener.known) > known:  # newly walked: shared ones cost nothing more
            fields = fields[: self.fields_left]
            self.fields_left -= len(fields)
        note = f"liste limitée aux {MAX_FIELDS} premiers champs ; la spécification en décrit davantage" if cut else ""
        return Body(status=status, media_type=media, type=kind, description=description, fields=fields,
                    truncated=cut, note=note)
