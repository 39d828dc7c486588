"""Loaded at start-up by a server under test (this folder is first on its PYTHONPATH): records and blocks every
connection and name lookup that would leave the machine, one line each in $NET_RECORD_FILE."""

from __future__ import annotations

import ipaddress
import os
import socket

_LOG = os.environ.get("NET_RECORD_FILE", "")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "", None}


def _is_local(host: object) -> bool:
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback or str(host) in ("0.0.0.0", "::")
    except ValueError:
        return False


def _record(what: str) -> None:
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(what + "\n")


def _guard(real):  # noqa: ANN001, ANN202
    def connect(self, address, *args):  # noqa: ANN001, ANN202
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            _record(f"connect {address!r}")
            raise OSError(101, "network blocked by the test")
        return real(self, address, *args)
    return connect


def _getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN202
    if not _is_local(host if not isinstance(host, bytes) else host.decode()):
        _record(f"lookup {host!r}")
        raise socket.gaierror(socket.EAI_NONAME, "name lookup blocked by the test")
    return _real_getaddrinfo(host, *args, **kwargs)


if _LOG:
    _real_getaddrinfo = socket.getaddrinfo
    socket.getaddrinfo = _getaddrinfo
    socket.socket.connect = _guard(socket.socket.connect)
    socket.socket.connect_ex = _guard(socket.socket.connect_ex)
