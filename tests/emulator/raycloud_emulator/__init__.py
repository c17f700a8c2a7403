"""raycloud's local AWS emulator: moto wrapped in a test-only middleware.

The middleware adds what moto lacks for testing a control plane: fault injection
(throttling, 5xx, connection resets, timeouts, resets after the request took effect),
latency, resources held in pending/creating states, DependencyViolation where AWS
answers it, the sts:ExternalId check on AssumeRole, call counting, and a few operations
moto does not implement. See tests/emulator/README.md.

This is test infrastructure; nothing here ships in raycloud.
"""

__all__ = ["EmulatorClient", "EmulatorState", "build_app", "serve"]

from .client import EmulatorClient
from .server import build_app, serve
from .state import EmulatorState
