"""The control API: JSON over HTTP under /_emulator/ (see README.md for every route)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Iterable

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response as WzResponse

from .aws_request import canonical_service
from .faults import FaultError
from .served import served_operations
from .served.service_quotas import set_quota

if TYPE_CHECKING:
    from .app import EmulatorApp


class ControlApi:
    def __init__(self, app: "EmulatorApp") -> None:
        self.app = app
        self.state = app.state
        self.after_reset: list[Callable[[], None]] = []  # e.g. re-create the admin user
        self.routes: dict[tuple[str, str], Callable[[Request], Any]] = {
            ("GET", "/_emulator/health"): lambda r: {"ok": True},
            ("GET", "/_emulator/info"): self._info,
            ("POST", "/_emulator/reset"): self._reset,
            ("GET", "/_emulator/faults"): lambda r: {"faults": self.state.faults.list()},
            ("POST", "/_emulator/faults"): self._add_fault,
            ("DELETE", "/_emulator/faults"): lambda r: self.state.faults.clear() or {},
            ("GET", "/_emulator/latency"): lambda r: self.state.latency.describe(),
            ("POST", "/_emulator/latency"): self._set_latency,
            ("DELETE", "/_emulator/latency"): lambda r: self.state.latency.clear() or {},
            ("GET", "/_emulator/pending"): lambda r: self.state.pending.describe(),
            ("POST", "/_emulator/pending"): self._set_pending,
            ("DELETE", "/_emulator/pending"): lambda r: self.state.pending.clear() or {},
            ("POST", "/_emulator/pending/advance"): self._advance,
            ("GET", "/_emulator/calls"): self._calls,
            ("GET", "/_emulator/calls/count"): self._count,
            ("DELETE", "/_emulator/calls"): lambda r: self.state.recorder.clear() or {},
            ("GET", "/_emulator/validation"): lambda r: self.state.validator.snapshot(),
            ("DELETE", "/_emulator/validation"): lambda r: self.state.validator.clear() or {},
            ("POST", "/_emulator/quotas"): lambda r: set_quota(self.state.served, _body(r)),
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        path = request.path.rstrip("/")
        handler = self.routes.get((request.method, path))
        status = 200
        if handler is None and request.method == "DELETE" and path.startswith(
            "/_emulator/faults/"
        ):
            fault_id = path.rsplit("/", 1)[1]
            removed = self.state.faults.remove(fault_id)
            payload: Any = {"removed": fault_id} if removed else {"error": "no such fault"}
            status = 200 if removed else 404
        elif handler is None:
            payload, status = {"error": f"no route {request.method} {path}"}, 404
        else:
            try:
                payload = handler(request)
            except (FaultError, ValueError, KeyError, TypeError) as exc:
                payload, status = {"error": str(exc)}, 400
        response = WzResponse(json.dumps(payload), status, mimetype="application/json")
        return response(environ, start_response)

    # ---- routes --------------------------------------------------------------------------
    def _info(self, request: Request) -> dict[str, Any]:
        import moto

        info: dict[str, Any] = {
            "endpoint": self.state.endpoint,
            "moto_version": moto.__version__,
            "auth": self.state.admin is not None,
            "validation": self.state.validator.enabled,
            "served_operations": served_operations(),
        }
        if self.state.admin is not None:
            info["access_key_id"] = self.state.admin.access_key_id
            info["secret_access_key"] = self.state.admin.secret_access_key
        return info

    def _reset(self, request: Request) -> dict[str, Any]:
        self.state.warm.wait(timeout=60)
        self.moto_post("/moto-api/reset")
        self.state.reset()
        for hook in self.after_reset:
            hook()
        return {"reset": True}

    def _add_fault(self, request: Request) -> dict[str, Any]:
        return self.state.faults.add(_body(request)).describe()

    def _set_latency(self, request: Request) -> dict[str, Any]:
        self.state.latency.configure(_body(request))
        return self.state.latency.describe()

    def _set_pending(self, request: Request) -> dict[str, Any]:
        self.state.pending.configure(_body(request))
        return self.state.pending.describe()

    def _advance(self, request: Request) -> dict[str, Any]:
        self.state.pending.advance(float(_body(request)["seconds"]))
        return self.state.pending.describe()

    def _calls(self, request: Request) -> dict[str, Any]:
        service = request.args.get("service")
        return self.state.recorder.snapshot(
            canonical_service(service) if service else None, request.args.get("operation")
        )

    def _count(self, request: Request) -> dict[str, Any]:
        snapshot = self._calls(request)
        return {"count": snapshot["total"]}

    # ---- helpers ---------------------------------------------------------------------------
    def moto_post(self, path: str, body: str = "", content_type: str = "text/plain") -> bytes:
        """POSTs to moto's own API in-process (reset, reset-auth)."""
        environ = EnvironBuilder(
            path=path, method="POST", data=body, content_type=content_type
        ).get_environ()
        response = self.app.call_moto(environ)
        if response.status != 200:
            raise RuntimeError(f"moto {path} answered {response.status}")
        return response.body


def _body(request: Request) -> dict[str, Any]:
    data = request.get_data(as_text=True) or "{}"
    value = json.loads(data)
    if not isinstance(value, dict):
        raise ValueError("the body must be a JSON object")
    return value
