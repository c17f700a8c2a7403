"""A werkzeug server that can drop a connection with a TCP reset instead of answering.

The application marks the request's socket and raises `AbortConnection`; werkzeug treats
that as a dropped connection and sends nothing. Our handler then stops keep-alive, and
our server closes the socket with SO_LINGER {1, 0}, which makes the kernel send RST
instead of FIN: the client sees "connection reset by peer", as with a real network fault.
"""

from __future__ import annotations

import socket
import struct
import threading
import weakref
from typing import Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

_lock = threading.Lock()
_to_abort: "weakref.WeakSet[socket.socket]" = weakref.WeakSet()


class AbortConnection(ConnectionResetError):
    """Raised by the application to drop the connection without an answer."""


def abort(environ: dict[str, Any]) -> AbortConnection:
    """Marks the request's connection for a reset; raise the returned exception."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with _lock:
            _to_abort.add(sock)
    return AbortConnection("connection reset by raycloud_emulator")


def _marked(sock: Any) -> bool:
    with _lock:
        return sock in _to_abort


class Handler(WSGIRequestHandler):
    verbose = False

    def run_wsgi(self) -> None:
        super().run_wsgi()
        if _marked(self.connection):
            self.close_connection = True

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        if self.verbose:
            super().log_request(code, size)


class Server(ThreadedWSGIServer):
    def shutdown_request(self, request: Any) -> None:
        if _marked(request):
            with _lock:
                _to_abort.discard(request)
            try:
                request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
            request.close()
            return
        super().shutdown_request(request)
