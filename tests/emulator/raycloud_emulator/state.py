"""Everything the middleware remembers between calls; `reset()` wipes it all."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .client_tokens import ClientTokens
from .faults import FaultTable
from .latency import LatencyTable
from .pending import PendingTracker
from .recorder import CallRecorder
from .served import ServedState
from .validation import RequestValidator


@dataclass
class Credentials:
    access_key_id: str
    secret_access_key: str


class EmulatorState:
    def __init__(self) -> None:
        self.faults = FaultTable()
        self.latency = LatencyTable()
        self.pending = PendingTracker()
        self.recorder = CallRecorder()
        self.served = ServedState()
        self.validator = RequestValidator()
        self.client_tokens = ClientTokens()
        self.admin: Credentials | None = None  # set when started with --auth
        self.endpoint = ""
        # Set on shutdown so requests sleeping for latency or a timeout fault return.
        self.stopping = threading.Event()
        # Set once moto's EC2 backend is built (see server._prewarm); a reset racing that
        # build fails inside moto, so resets wait for it.
        self.warm = threading.Event()
        self.warm.set()

    def reset(self) -> None:
        """Our half of a reset (moto's half is /moto-api/reset)."""
        self.faults.clear()
        self.latency.clear()
        self.pending.clear()
        self.recorder.clear()
        self.served.clear()
        self.validator.clear()
        self.client_tokens.clear()
