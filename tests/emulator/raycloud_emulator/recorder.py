"""Counts and records every AWS call the emulator receives (control calls excluded)."""

from __future__ import annotations

import collections
import threading
import time
from typing import Any

_MAX_RECORDED = 10_000  # enough for any one test; older entries are dropped


class CallRecorder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: collections.Counter[str] = collections.Counter()
        self._calls: collections.deque[dict[str, Any]] = collections.deque(
            maxlen=_MAX_RECORDED
        )
        self._total = 0

    def record(self, service: str, operation: str, region: str) -> dict[str, Any]:
        """Counts one call and returns its entry, which the caller completes (status, fault)."""
        entry = {
            "service": service,
            "operation": operation,
            "region": region,
            "time": time.time(),
            "status": None,  # None: no answer was sent (reset, timeout)
            "fault": None,
            "latency_ms": 0.0,
        }
        with self._lock:
            self._total += 1
            self._counts[f"{service}:{operation}"] += 1
            self._calls.append(entry)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()
            self._calls.clear()
            self._total = 0

    def snapshot(self, service: str | None = None, operation: str | None = None) -> dict:
        with self._lock:
            calls = [
                dict(call)
                for call in self._calls
                if (not service or call["service"] == service)
                and (not operation or call["operation"] == operation)
            ]
            counts = {
                key: count
                for key, count in sorted(self._counts.items())
                if (not service or key.split(":", 1)[0] == service)
                and (not operation or key.split(":", 1)[1] == operation)
            }
            total = self._total if not (service or operation) else sum(counts.values())
            return {"total": total, "counts": counts, "calls": calls}
