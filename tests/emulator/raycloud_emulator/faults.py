"""Fault rules: which calls fail, how, and how often.

A rule matches a service and an operation (either may be `*`) and fires on matching calls
after skipping the first `skip` of them, at most `times` times (unlimited when omitted),
each time with `probability` drawn from its own seeded generator, so runs repeat exactly.
"""

from __future__ import annotations

import itertools
import random
import threading
from dataclasses import dataclass, field
from typing import Any

from .aws_request import canonical_service

# What a fault does to the call.
KINDS = {
    "throttle",  # the protocol's throttling error
    "http_error",  # a given HTTP 5xx with the protocol's server error code
    "error",  # any AWS error: code, status, message (EC2 format for ec2, etc.)
    "dependency_violation",  # EC2 DependencyViolation, as if the resource were in use
    "connection_reset",  # TCP reset before the request reaches moto
    "timeout",  # hang `seconds`, then reset, never applying the request
    "reset_after_apply",  # moto applies the request, then the connection is reset
}


class FaultError(ValueError):
    """A control request described an invalid fault."""


@dataclass
class FaultRule:
    id: str
    service: str
    operation: str
    kind: str
    status: int = 0
    code: str = ""
    message: str = ""
    seconds: float = 0.0
    times: int | None = None
    skip: int = 0
    probability: float = 1.0
    seed: int | None = None
    seen: int = 0
    fired: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)

    def matches(self, service: str, operation: str) -> bool:
        return self.service in ("*", service) and self.operation in ("*", operation)

    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "service": self.service,
            "operation": self.operation,
            "kind": self.kind,
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "seconds": self.seconds,
            "times": self.times,
            "skip": self.skip,
            "probability": self.probability,
            "seed": self.seed,
            "seen": self.seen,
            "fired": self.fired,
        }


def rule_from_json(rule_id: str, spec: dict[str, Any]) -> FaultRule:
    """Validates a fault description from the control API."""
    kind = spec.get("kind", "")
    if kind not in KINDS:
        raise FaultError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
    rule = FaultRule(
        id=rule_id,
        service=canonical_service(str(spec.get("service", "*"))),
        operation=str(spec.get("operation", "*")),
        kind=kind,
        status=int(spec.get("status", 0)),
        code=str(spec.get("code", "")),
        message=str(spec.get("message", "")),
        seconds=float(spec.get("seconds", 0)),
        times=None if spec.get("times") is None else int(spec["times"]),
        skip=int(spec.get("skip", 0)),
        probability=float(spec.get("probability", 1.0)),
        seed=None if spec.get("seed") is None else int(spec["seed"]),
    )
    if not 0.0 <= rule.probability <= 1.0:
        raise FaultError("probability must be within [0, 1]")
    if kind == "http_error" and not 500 <= rule.status <= 599:
        raise FaultError("http_error needs a status within 500..599")
    if kind == "error" and not rule.code:
        raise FaultError("error needs a code")
    if kind == "timeout" and rule.seconds <= 0:
        raise FaultError("timeout needs seconds > 0")
    rule._random = random.Random(rule.seed)
    return rule


class FaultTable:
    """The active rules; the first rule that fires on a call decides its fault."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(self, spec: dict[str, Any]) -> FaultRule:
        with self._lock:
            rule = rule_from_json(f"fault-{next(self._ids)}", spec)
            self._rules.append(rule)
            return rule

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [rule for rule in self._rules if rule.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules = []

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [rule.describe() for rule in self._rules]

    def pick(self, service: str, operation: str) -> FaultRule | None:
        """The rule that fires on this call, if any; counts the call against each rule."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(service, operation) or rule.exhausted():
                    continue
                rule.seen += 1
                if rule.seen <= rule.skip:
                    continue
                if rule.probability < 1.0 and rule._random.random() >= rule.probability:
                    continue
                rule.fired += 1
                return rule
            return None
