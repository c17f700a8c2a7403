"""Builds the app (moto + middleware) and serves it on 127.0.0.1."""

from __future__ import annotations

import threading

from .app import EmulatorApp
from .connection import Handler, Server
from .state import Credentials, EmulatorState

LOOPBACK = "127.0.0.1"  # never listen beyond this machine


def build_app(state: EmulatorState | None = None) -> EmulatorApp:
    """moto's WSGI dispatcher wrapped in our middleware (moto is imported here: ~0.7 s)."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    return EmulatorApp(DomainDispatcherApplication(create_backend_app), state or EmulatorState())


class RunningEmulator:
    """A started emulator: its endpoint, state, and a way to stop it."""

    def __init__(self, app: EmulatorApp, server: Server, thread: threading.Thread) -> None:
        self.app = app
        self.server = server
        self.thread = thread
        self.endpoint = f"http://{LOOPBACK}:{server.port}"
        app.state.endpoint = self.endpoint

    @property
    def credentials(self) -> Credentials | None:
        return self.app.state.admin

    def stop(self) -> None:
        self.app.state.stopping.set()  # wake requests sleeping in latency or a timeout
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _prewarm(app: EmulatorApp) -> None:
    """Builds moto's EC2 app and us-east-1 backend now rather than on the first call.

    They take ~2-3 s (EC2 is moto's largest service); doing it while the caller is still
    setting up keeps that out of the first test that happens to call EC2.
    """
    from werkzeug.test import EnvironBuilder

    scope = "Credential=AKIAPREWARM/20200101/us-east-1/ec2/aws4_request"
    environ = EnvironBuilder(
        path="/",
        method="POST",
        data="Action=DescribeAvailabilityZones&Version=2016-11-15",
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": f"AWS4-HMAC-SHA256 {scope}, SignedHeaders=host, Signature=0"},
    ).get_environ()
    try:
        app.call_moto(environ)
    except Exception:  # only an optimisation
        pass
    finally:
        app.state.warm.set()


def serve(
    port: int = 0,
    auth: bool = False,
    verbose: bool = False,
    prewarm: bool = True,
    validate: bool = True,
) -> RunningEmulator:
    """Starts serving in a background thread; returns once the socket is listening."""
    app = build_app()
    app.state.validator.enabled = validate
    if auth:
        from . import auth as auth_module

        auth_module.enable(app.state, app.control)
    Handler.verbose = verbose
    server = Server(LOOPBACK, port, app, handler=Handler)
    thread = threading.Thread(target=server.serve_forever, name="emulator", daemon=True)
    thread.start()
    if prewarm:
        app.state.warm.clear()
        threading.Thread(target=_prewarm, args=(app,), name="prewarm", daemon=True).start()
    return RunningEmulator(app, server, thread)
