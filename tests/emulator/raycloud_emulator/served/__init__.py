"""Operations moto 5.2.1 lacks, answered by the middleware with minimal state.

Each module registers handlers keyed "signing-name:Operation". A handler returns a
Response, or None to let the request go on to moto (service quotas moto does know).
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from ..aws_request import AwsRequest
from ..protocols import Response

Handler = Callable[[AwsRequest, "ServedState"], Response | None]


class ServedState:
    """State of the served operations, per account and region; wiped by reset."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._scopes: dict[tuple[str, str, str], dict[str, Any]] = {}
        # Applied quota values set through the control API: (region|*, service, code) -> value
        self.quota_overrides: dict[tuple[str, str, str], float] = {}

    def scope(self, kind: str, request: AwsRequest) -> dict[str, Any]:
        """The dict holding one kind of resource for the request's account and region."""
        key = (kind, request.account_id(), request.region)
        with self.lock:
            return self._scopes.setdefault(key, {})

    def clear(self) -> None:
        with self.lock:
            self._scopes.clear()
            self.quota_overrides.clear()


def _handlers() -> dict[str, Handler]:
    from . import memorydb_parameter_groups, placement_groups, pricing, service_quotas

    table: dict[str, Handler] = {}
    for module in (memorydb_parameter_groups, placement_groups, pricing, service_quotas):
        table.update(module.HANDLERS)
    return table


_HANDLERS: dict[str, Handler] | None = None


def _handler(request: AwsRequest) -> Handler | None:
    global _HANDLERS
    if _HANDLERS is None:
        _HANDLERS = _handlers()
    return _HANDLERS.get(request.key)


def handle(request: AwsRequest, state: ServedState) -> Response | None:
    """Our answer to the request, or None when moto should answer it."""
    handler = _handler(request)
    return handler(request, state) if handler else None


def serves(request: AwsRequest) -> bool:
    """Whether a handler of ours may answer the request (it may still pass it to moto)."""
    return _handler(request) is not None


def served_operations() -> list[str]:
    """Every "service:Operation" the middleware can answer itself."""
    return sorted(_handlers())
