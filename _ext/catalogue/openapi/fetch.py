"""Downloading a provider's specification, as an untrusted address deserves.

``openapi_link`` is written by another organisation; the machine that runs
``make specs`` (a contributor's, CI's) can reach addresses the Internet
cannot: its own services (``127.0.0.1``), the local network, a cloud's
metadata service (``169.254.169.254``).  So :func:`fetch`:

- accepts ``https://`` only, without user name or password in the address;
- resolves the host itself and refuses it if **any** of its addresses is
  not public (private, loopback, link-local, shared, reserved, multicast,
  or such an address inside an IPv6 one), then connects to the very
  address it checked (a second lookup could answer otherwise: "DNS
  rebinding"), the certificate still checked against the host's name;
- follows at most :attr:`Limits.max_redirects` redirections, each checked
  the same way;
- bounds time (each connection and read, and the whole download) and size
  (``Content-Length`` first, then every byte counted as it arrives);
- checks that what came is a JSON or YAML specification, and says which.

``allow_local`` (``CATALOGUE_SPECS_ALLOW_LOCAL=1`` for the command) lets
loopback addresses through, over ``http://`` too, for the tests' local
server; every other address stays refused.  Standard library only: no
proxy from the environment is used.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .model import shown
from .source import MAX_BYTES, parse

REDIRECTS = (301, 302, 303, 307, 308)
_REASONS = {401: "authentification demandée", 403: "accès refusé", 404: "introuvable", 410: "supprimé",
            429: "trop de requêtes"}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    #: Seconds to connect, and to wait for each piece of the answer.
    timeout: float = 10.0
    #: Seconds for the whole download, redirections included.
    deadline: float = 60.0
    max_redirects: int = 5


@dataclass(frozen=True)
class Download:
    #: The address the file came from, after redirections.
    url: str
    body: bytes
    content_type: str
    #: ``json`` or ``yaml``: the snapshot's suffix.
    syntax: str


class FetchError(Exception):
    """A download refused or failed; *message* in French, ``what ; how to fix``."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


Resolve = Callable[[str, int], list[str]]


def system_resolve(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def fetch(url: str, *, limits: Limits = Limits(), allow_local: bool = False,
          resolve: Resolve = system_resolve) -> Download:
    """Download the specification at *url*.

    :raises FetchError: refused address, network failure, HTTP error, too
        slow, too large, or not a specification.
    """
    start = time.monotonic()
    current = url
    for hop in range(limits.max_redirects + 1):
        after = f" (après redirection vers {shown(current, 100)})" if hop else ""
        try:
            scheme, host, port, target = _checked_url(current, allow_local)
            addresses = _checked_addresses(host, port, scheme, allow_local, resolve)
            return_or_next = _get(scheme, host, port, target, addresses, limits, start)
        except FetchError as exc:
            raise FetchError(exc.message.replace(" ; ", after + " ; ", 1) if after else exc.message,
                             exc.code) from None
        if isinstance(return_or_next, str):
            current = urljoin(current, return_or_next)
            continue
        body, content_type = return_or_next
        return Download(current, body, content_type, _syntax(content_type, current, body))
    raise FetchError(f"plus de {limits.max_redirects} redirections ; donnez dans openapi_link l'adresse finale du "
                     "fichier", "fetch.redirects")


def _checked_url(url: str, allow_local: bool) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(f"adresse « {shown(url, 100)} » illisible ; corrigez-la", "fetch.url") from None
    scheme = parts.scheme.lower()
    if scheme != "https" and not (allow_local and scheme == "http"):
        raise FetchError(f"adresse « {shown(url, 100)} » refusée : seules les adresses https:// sont téléchargées ; "
                         "donnez l'adresse https:// du fichier", "fetch.scheme")
    if parts.username is not None or parts.password is not None:
        raise FetchError("adresse avec identifiant ou mot de passe refusée ; donnez une adresse publique, sans "
                         "identifiants", "fetch.url")
    if not parts.hostname:
        raise FetchError(f"adresse « {shown(url, 100)} » sans nom d'hôte ; corrigez-la", "fetch.url")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"nom d'hôte « {shown(parts.hostname)} » invalide ; corrigez l'adresse", "fetch.url") from None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), target


def _checked_addresses(host: str, port: int, scheme: str, allow_local: bool, resolve: Resolve) -> list[str]:
    try:
        addresses = list(dict.fromkeys(resolve(host, port)))
    except (OSError, UnicodeError):
        addresses = []
    if not addresses:
        raise FetchError(f"nom d'hôte « {shown(host)} » introuvable ; vérifiez l'adresse", "fetch.dns")
    for address in addresses:
        ip = _embedded(ipaddress.ip_address(address.split("%")[0]))
        loopback_ok = allow_local and ip.is_loopback
        if not loopback_ok and not (ip.is_global and not ip.is_multicast):
            raise FetchError(f"adresse refusée : « {shown(host)} » mène à une adresse privée, locale ou réservée "
                             f"({address}) ; donnez une adresse publique", "fetch.address")
        if scheme == "http" and not loopback_ok:
            raise FetchError("adresse http:// refusée ; donnez l'adresse https:// du fichier", "fetch.scheme")
    return addresses


def _embedded(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo), or *ip* itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            return inner
    return ip


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to one checked address; the certificate checked against the host's name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    """Plain HTTP to one checked loopback address (tests only)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def _get(scheme: str, host: str, port: int, target: str, addresses: list[str], limits: Limits,
         start: float) -> str | tuple[bytes, str]:
    """A redirection's ``Location``, or (body, content type)."""
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    failure: Exception | None = None
    for address in addresses:
        connection = kind(host, port, address, limits.timeout)
        try:
            connection.request("GET", target, headers={
                "User-Agent": "catalogue-api-gouv-specs/1.0",
                "Accept": "application/json, application/yaml;q=0.9, text/yaml;q=0.9, */*;q=0.1",
                "Accept-Encoding": "identity",
            })
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"redirection ({response.status}) sans adresse ; signalez-le au fournisseur",
                                     "fetch.redirects")
                return location
            if response.status != 200:
                reason = _REASONS.get(response.status, "erreur du serveur" if response.status >= 500 else "refus")
                raise FetchError(f"le serveur répond {response.status} ({reason}) ; vérifiez l'adresse "
                                 "openapi_link, ou réessayez plus tard", "fetch.http")
            encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
            if encoding != "identity":
                raise FetchError(f"contenu compressé ({shown(encoding, 20)}) non demandé ; signalez-le au fournisseur",
                                 "fetch.content")
            return _body(response, limits, start), response.getheader("Content-Type") or ""
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(f"pas de réponse dans les {limits.timeout:g} s ; réessayez plus tard, ou vérifiez "
                             "l'adresse", "fetch.timeout") from None
        except ssl.SSLError as exc:
            raise FetchError(f"connexion sécurisée impossible ({shown(exc.reason or exc, 60)}) ; vérifiez "
                             "l'adresse ou signalez-le au fournisseur", "fetch.tls") from None
        except (OSError, http.client.HTTPException) as exc:
            failure = exc
        finally:
            connection.close()
    raise FetchError(f"connexion impossible ({type(failure).__name__}) ; réessayez plus tard, ou vérifiez "
                     "l'adresse", "fetch.connect")


def _body(response: http.client.HTTPResponse, limits: Limits, start: float) -> bytes:
    too_big = FetchError(f"fichier trop volumineux (plus de {limits.max_bytes // (1024 * 1024)} Mio) ; le catalogue "
                         "ne garde pas de spécification plus grosse : demandez au fournisseur une version allégée",
                         "fetch.size")
    length = (response.getheader("Content-Length") or "").strip()
    if length.isdigit() and int(length) > limits.max_bytes:
        raise too_big
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() - start > limits.deadline:
            raise FetchError(f"téléchargement de plus de {limits.deadline:g} s ; réessayez plus tard",
                             "fetch.timeout")
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limits.max_bytes:
            raise too_big
        chunks.append(chunk)


def _syntax(content_type: str, url: str, body: bytes) -> str:
    """``json`` or ``yaml``: the media type says, else the address's suffix, else the content.

    The body must then read as a specification: an HTML page (a login or
    error page served with 200) is refused here, not saved.
    """
    media = content_type.split(";")[0].strip().lower()
    path = urlsplit(url).path.lower()
    if media.endswith("json"):
        order = ["json", "yaml"]
    elif "yaml" in media:
        order = ["yaml"]
    elif path.endswith(".json"):
        order = ["json", "yaml"]
    elif path.endswith((".yaml", ".yml")):
        order = ["yaml"]
    else:
        order = ["json", "yaml"] if body.lstrip()[:1] in (b"{", b"[") else ["yaml"]
    for syntax in order:
        document, problems = parse(body, syntax)
        if not problems:
            if isinstance(document, dict) and ("openapi" in document or "swagger" in document):
                return syntax
            break
    raise FetchError("le fichier reçu n'est pas une spécification OpenAPI (JSON ou YAML commençant par « openapi » "
                     "ou « swagger ») ; vérifiez que openapi_link mène au fichier et non à une page web",
                     "fetch.content")
