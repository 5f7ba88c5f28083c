"""Keeping user-supplied destinations out of the server's own network (SSRF, OWASP API7).

A push endpoint or an Apprise URL is typed in by a person; without a guard the server would send
requests wherever it says: to itself on loopback, to the metadata service, to hosts on the
private network. In production neither may reach an address that is not public:

* when stored, a destination whose host is such an address (``127.0.0.1``, ``10.0.0.5``,
  ``[::1]``, ``localhost``) is refused at once, without any lookup;
* when sent, every connection the channel opens is resolved first and refused unless every
  address is public, and then made to the address that was checked (so a name that changes its
  answer between the check and the connection gets nowhere). This covers the names hidden in a
  provider's own URL forms as well (Apprise's ``tgram://`` names no host at all).

The check at sending hooks the two places the channels' libraries open TCP connections
(``urllib3`` for requests, ``socket.create_connection`` for SMTP and the rest) for the current
thread only, so the sync and email code of other threads is untouched. Private addresses are
refused in every environment unless ``LOADWATCH_ALERTS__ALLOW_PRIVATE_TARGETS=true`` opts in
(the tests' loopback receivers, the demo, a local ntfy at home). Apprise plugins that open
sockets of their own are refused by scheme (``apprise_schemes``).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import urllib3.util.connection as urllib3_connection

from service.config import Settings

LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_guarded = threading.local()
_install_lock = threading.Lock()


class NotPublic(OSError):
    """The destination is an address inside the server's network."""


def private_allowed(settings: Settings) -> bool:
    return settings.alerts.allow_private_targets


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def refuses_host(url: str) -> bool:
    """True when the URL names a non-public address or a local name outright (no lookup)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        return not is_public(host)
    except ValueError:  # a name, checked when connecting
        return False


def checked_address(host: str, port: int) -> tuple[str, int]:
    """The first address of ``host``, after every address it resolves to proved public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise NotPublic(f"{host} does not resolve") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses or not all(is_public(a) for a in addresses):
        raise NotPublic(f"{host} is not a public address")
    return addresses[0], port


def _guard(connect: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        if getattr(_guarded, "active", False):
            address = checked_address(address[0], address[1])
        return connect(address, *args, **kwargs)

    guarded.__wrapped__ = connect  # type: ignore[attr-defined]
    return guarded


def _install() -> None:
    with _install_lock:
        if not hasattr(urllib3_connection.create_connection, "__wrapped__"):
            urllib3_connection.create_connection = _guard(urllib3_connection.create_connection)
        if not hasattr(socket.create_connection, "__wrapped__"):
            socket.create_connection = _guard(socket.create_connection)


@contextmanager
def public_only(settings: Settings) -> Iterator[None]:
    """Within the block, this thread connects to public addresses only (unless allowed)."""
    if private_allowed(settings):
        yield
        return
    _install()
    previous = getattr(_guarded, "active", False)
    _guarded.active = True
    try:
        yield
    finally:
        _guarded.active = previous
