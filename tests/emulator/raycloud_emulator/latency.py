"""Per-call latency: a base delay for every AWS call, overridden per service or operation."""

from __future__ import annotations

import threading
from typing import Any

from .aws_request import canonical_service


class LatencyTable:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._base_ms = 0.0
        self._overrides: dict[str, float] = {}  # "service:Operation" or "service:*"

    def configure(self, spec: dict[str, Any]) -> None:
        """Replaces the settings: {"base_ms": N, "operations": {"ec2:DescribeVpcs": M}}."""
        base_ms = float(spec.get("base_ms", 0))
        overrides = {}
        for key, value in (spec.get("operations") or {}).items():
            service, _, operation = key.partition(":")
            if not operation:
                raise ValueError(f"latency key {key!r} must read service:Operation")
            overrides[f"{canonical_service(service)}:{operation}"] = float(value)
        if base_ms < 0 or any(value < 0 for value in overrides.values()):
            raise ValueError("latency must not be negative")
        with self._lock:
            self._base_ms = base_ms
            self._overrides = overrides

    def clear(self) -> None:
        self.configure({})

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {"base_ms": self._base_ms, "operations": dict(self._overrides)}

    def delay_seconds(self, service: str, operation: str) -> float:
        with self._lock:
            for key in (f"{service}:{operation}", f"{service}:*"):
                if key in self._overrides:
                    return self._overrides[key] / 1000.0
            return self._base_ms / 1000.0
