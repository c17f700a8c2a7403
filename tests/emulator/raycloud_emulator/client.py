"""A small client for the control API (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class EmulatorError(RuntimeError):
    """The control API refused a request."""


class EmulatorClient:
    def __init__(self, endpoint: str, timeout: float = 10.0) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        # The emulator is on loopback: never route control calls through a proxy.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _call(self, method: str, path: str, body: Any = None, **query: str) -> Any:
        url = f"{self.endpoint}/_emulator/{path}"
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v})
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise EmulatorError(f"{method} {path}: {exc.code} {exc.read().decode()}") from exc

    # ---- lifecycle ------------------------------------------------------------------------
    def health(self) -> bool:
        return bool(self._call("GET", "health").get("ok"))

    def info(self) -> dict[str, Any]:
        return self._call("GET", "info")

    def reset(self) -> None:
        """Wipes moto's state and ours: faults, latency, pending holds, calls, quotas."""
        self._call("POST", "reset")

    # ---- faults ---------------------------------------------------------------------------
    def inject_fault(self, service: str, operation: str, kind: str, **options: Any) -> str:
        """Adds a fault rule (options: times, probability, seed, skip, status, code,
        message, seconds); returns its id."""
        spec = {"service": service, "operation": operation, "kind": kind, **options}
        return self._call("POST", "faults", spec)["id"]

    def faults(self) -> list[dict[str, Any]]:
        return self._call("GET", "faults")["faults"]

    def remove_fault(self, fault_id: str) -> None:
        self._call("DELETE", f"faults/{fault_id}")

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    # ---- latency and pending ----------------------------------------------------------------
    def set_latency(self, base_ms: float = 0, operations: dict[str, float] | None = None) -> None:
        """Delay for every call, and overrides keyed "service:Operation" or "service:*"."""
        self._call("POST", "latency", {"base_ms": base_ms, "operations": operations or {}})

    def set_pending(self, durations: dict[str, float], time_scale: float = 1.0) -> None:
        """Hold times in seconds per kind (nat_gateway, instance, ...), times time_scale."""
        self._call("POST", "pending", {"durations": durations, "time_scale": time_scale})

    def advance_pending(self, seconds: float) -> None:
        """Moves the pending-state clock forward, instead of sleeping in a test."""
        self._call("POST", "pending/advance", {"seconds": seconds})

    # ---- calls ----------------------------------------------------------------------------
    def calls(self, service: str | None = None, operation: str | None = None) -> dict[str, Any]:
        return self._call("GET", "calls", service=service or "", operation=operation or "")

    def call_count(self, service: str | None = None, operation: str | None = None) -> int:
        return self._call("GET", "calls/count", service=service or "",
                          operation=operation or "")["count"]

    def total_calls(self) -> int:
        return self.call_count()

    def clear_calls(self) -> None:
        self._call("DELETE", "calls")

    # ---- request validation ----------------------------------------------------------------
    def validation(self) -> dict[str, Any]:
        """{"checked", "checked_by_service", "violations": [{service, operation, report}]}."""
        return self._call("GET", "validation")

    # ---- served operations --------------------------------------------------------------------
    def set_quota(self, service_code: str, quota_code: str, value: float,
                  region: str = "*") -> None:
        self._call("POST", "quotas", {"service_code": service_code, "quota_code": quota_code,
                                      "value": value, "region": region})
