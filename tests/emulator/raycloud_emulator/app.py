"""The middleware: every AWS request passes through here on its way to moto.

Order per call: record it; check it against botocore's model of its operation (one that
does not fit is answered with a 400 and goes no further); wait the configured latency;
apply a fault if one fires; answer it ourselves if moto lacks the operation; refuse it
where AWS would and moto would not (DependencyViolation, ExternalId, pending resources);
otherwise hand it to moto and rewrite the answer for pending states.
"""

from __future__ import annotations

import http
import sys
import traceback
from typing import Any, Callable, Iterable

from . import aws_request, dependencies, external_id, protocols, served, signature
from .connection import abort
from .control import ControlApi
from .faults import FaultRule
from .protocols import Response
from .state import EmulatorState

WsgiApp = Callable[[dict[str, Any], Callable], Iterable[bytes]]


class EmulatorApp:
    def __init__(self, moto_app: WsgiApp, state: EmulatorState) -> None:
        self.moto_app = moto_app
        self.state = state
        self.control = ControlApi(self)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_emulator"):
            return self.control(environ, start_response)
        if path.startswith("/moto-api") or path == "/favicon.ico":
            return self.moto_app(environ, start_response)
        return self._aws_call(environ, start_response)

    # ---- one AWS call ------------------------------------------------------------------
    def _aws_call(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        request = aws_request.parse(environ)
        entry = self.state.recorder.record(
            request.service or "unknown", request.operation, request.region
        )
        invalid = self.state.validator.check(request, environ)
        if invalid is not None:
            entry["status"] = invalid.status
            return self.send(invalid, start_response)
        delay = self.state.latency.delay_seconds(request.service, request.operation)
        entry["latency_ms"] = delay * 1000.0
        if delay > 0:
            self.state.stopping.wait(delay)
        fault = self.state.faults.pick(request.service, request.operation)
        if fault is not None:
            entry["fault"] = fault.kind
            response = self._fault_before(fault, request, environ)
            if response is None and fault.kind == "reset_after_apply":
                self._answer(request, environ)  # moto applies it; the client never hears
                raise abort(environ)
        else:
            response = self._answer(request, environ)
        assert response is not None
        entry["status"] = response.status
        return self.send(response, start_response)

    def _fault_before(
        self, fault: FaultRule, request: aws_request.AwsRequest, environ: dict[str, Any]
    ) -> Response | None:
        """The answer a fault gives before moto sees the call (None: reset_after_apply)."""
        if fault.kind == "throttle":
            response = protocols.throttle_error(request)
            if fault.code:
                response = protocols.error(request, fault.code, "Rate exceeded", response.status)
            return response
        if fault.kind == "http_error":
            return protocols.server_error(request, fault.status, fault.code or None)
        if fault.kind == "error":
            return protocols.error(
                request, fault.code, fault.message or f"Injected {fault.code}", fault.status or 400
            )
        if fault.kind == "dependency_violation":
            target = _resource_id(request)
            return protocols.error(
                request, "DependencyViolation", f"resource {target} has a dependent object", 400
            )
        if fault.kind == "connection_reset":
            raise abort(environ)
        if fault.kind == "timeout":
            self.state.stopping.wait(fault.seconds)
            raise abort(environ)
        return None

    def _answer(self, request: aws_request.AwsRequest, environ: dict[str, Any]) -> Response:
        """What AWS would answer: ours for served operations and refusals, else moto's."""
        if self.state.admin is not None and served.serves(request):
            # moto checks the signatures of what it answers; these it never sees.
            refusal = signature.check(request, environ)
            if refusal is not None:
                return refusal
        response = served.handle(request, self.state.served)
        if response is not None:
            return response
        for check in (
            lambda: dependencies.check(request, self.state.pending),
            lambda: external_id.check(request),
            lambda: self.state.pending.check(request),
        ):
            refusal = check()
            if refusal is not None:
                return refusal
        replayed = self.state.client_tokens.replay(request)
        if replayed is not None:
            return replayed
        response = self.call_moto(environ)
        if self.state.admin is not None:
            response = signature.in_protocol_format(request, response)
        try:
            self.state.pending.after(request, response)
        except Exception:  # a rewrite must never turn a good answer into a crash
            traceback.print_exc(file=sys.stderr)
        self.state.client_tokens.remember(request, response)
        return response

    # ---- plumbing ------------------------------------------------------------------------
    def call_moto(self, environ: dict[str, Any]) -> Response:
        """Runs moto's WSGI app and collects its whole answer."""
        captured: dict[str, Any] = {}
        chunks: list[bytes] = []

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = list(headers)
            return chunks.append

        try:
            result = self.moto_app(environ, start)
            try:
                chunks.extend(result)
            finally:
                getattr(result, "close", lambda: None)()
        except Exception as exc:
            # moto raises NotImplementedError (and the odd crash) out of its Flask app in
            # debug mode; the real moto server turns that into an HTML 500. So do we.
            print(f"raycloud_emulator: moto failed: {exc!r}", file=sys.stderr)
            body = f"<html><body><h1>500 Internal Server Error</h1><p>{exc!r}</p></body></html>"
            data = body.encode()
            return Response(
                500, [("Content-Type", "text/html"), ("Content-Length", str(len(data)))], data
            )
        return Response(captured.get("status", 500), captured.get("headers", []), b"".join(chunks))

    @staticmethod
    def send(response: Response, start_response: Callable) -> list[bytes]:
        try:
            reason = http.HTTPStatus(response.status).phrase
        except ValueError:
            reason = "Unknown"
        start_response(f"{response.status} {reason}", response.headers)
        return [response.body]


def _resource_id(request: aws_request.AwsRequest) -> str:
    for name in ("SubnetId", "GroupId", "VpcId", "InternetGatewayId", "GroupName"):
        if request.params.get(name):
            return str(request.params[name])
    return "unknown"
