"""The fault matrix (issue #7): for `cloud setup`, `update`, `delete`, `register` and
`verify`, every AWS operation the command calls in a clean run, in turn, with each fault
kind injected on it. Each run must end completed (exit 0) or cleanly failed (exit 1, one
JSON error naming the operation and the AWS code, nothing raw on stderr, the state the spec
says in `cloud describe`/`list`); a failed run's re-run completes; a failed setup rolls
back to nothing (or keeps what it made with --no-rollback); and the final `cloud delete`
leaves the account exactly as it was, checked with boto3 (tests/reliability/harness.py).

RAYCLOUD_FAULT_SAMPLE: runs per command, drawn with RAYCLOUD_FAULT_SEED (default 5 and 1,
the default ctest); RAYCLOUD_FAULT_ONLY picks runs by label; `all` runs the whole matrix (ctest `fault_matrix_full`, label full).
Figures are printed at the end (pytest -s).
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import time
from dataclasses import dataclass, field

import pytest

from harness import (Emulator, difference, environment, inventory, kind_counts, raycloud,
                     register_flags)

SAMPLE = os.environ.get("RAYCLOUD_FAULT_SAMPLE", "5")
SEED = int(os.environ.get("RAYCLOUD_FAULT_SEED", "1"))
# Only the runs whose label ("setup ec2:CreateVpc throttle") contains this text (reproducing).
ONLY = os.environ.get("RAYCLOUD_FAULT_ONLY", "")
# raycloud's per-call timeout is shortened so a `timeout` fault costs seconds, not minutes;
# the emulator holds the call longer than that, so raycloud's own timeout fires first.
CALL_TIMEOUT_SECONDS = "2"
FAULT_HOLD_SECONDS = 4
SETUP_FLAGS = ["--shared-storage", "nfs", "--enable-head-node-fault-tolerance",
               "--availability-zones", "us-west-2a,us-west-2b"]
DELETE_FLAGS = ["--yes", "--delete-bucket", "--timeout", "60s"]
READ_KINDS = ["throttle", "http_error", "connection_reset", "slow", "timeout"]
WRITE_KINDS = READ_KINDS + ["reset_after_apply", "error"]
READ_PREFIXES = ("Describe", "Get", "List", "Head", "AssumeRole", "LookupEvents")
# A terminal answer per service, as AWS gives it for a missing permission or a bad value.
TERMINAL = {"ec2": ("InvalidParameterValue", 400), "iam": ("AccessDenied", 403),
            "s3": ("AccessDenied", 403), "elasticfilesystem": ("BadRequest", 400),
            "memorydb": ("InvalidParameterValueException", 400), "sts": ("AccessDenied", 403)}
RAW_MARKERS = ("Traceback", "terminate called", "Segmentation fault", "AddressSanitizer",
               "<?xml", "<Response>", "<ErrorResponse", "<Error>", "Signature=")


@dataclass
class Figures:
    runs: int = 0
    completed: int = 0
    cleanly_failed: int = 0
    reruns: int = 0
    reruns_completed: int = 0
    rollbacks_to_nothing: int = 0
    leaks: int = 0
    problems: list[str] = field(default_factory=list)


FIGURES: dict[str, Figures] = {}


@pytest.fixture(scope="module")
def emulator():
    started = Emulator()
    yield started
    started.stop()
    print_figures()


def print_figures() -> None:
    if not FIGURES:
        return
    print(f"\nfault matrix (sample={SAMPLE}, seed={SEED}):")
    print(f"  {'command':10} {'runs':>5} {'completed':>9} {'failed':>6} {'reruns':>6} "
          f"{'rerun ok':>8} {'rollback':>8} {'leaks':>5} {'problems':>8}")
    total = Figures()
    for command, f in FIGURES.items():
        print(f"  {command:10} {f.runs:5} {f.completed:9} {f.cleanly_failed:6} {f.reruns:6} "
              f"{f.reruns_completed:8} {f.rollbacks_to_nothing:8} {f.leaks:5} {len(f.problems):8}")
        for name in ("runs", "completed", "cleanly_failed", "reruns", "reruns_completed",
                     "rollbacks_to_nothing", "leaks"):
            setattr(total, name, getattr(total, name) + getattr(f, name))
        total.problems += f.problems
    print(f"  {'total':10} {total.runs:5} {total.completed:9} {total.cleanly_failed:6} "
          f"{total.reruns:6} {total.reruns_completed:8} {total.rollbacks_to_nothing:8} "
          f"{total.leaks:5} {len(total.problems):8}")


# ---- one run --------------------------------------------------------------------------------
def mutating(operation: str) -> bool:
    return not operation.startswith(READ_PREFIXES) and operation != "GetCallerIdentity"


def kinds_for(operation: str) -> list[str]:
    return WRITE_KINDS if mutating(operation) else READ_KINDS


def recorded_operations(emulator) -> list[tuple[str, str]]:
    """Distinct (service, operation) in the order of their first call."""
    seen: list[tuple[str, str]] = []
    for call in emulator.client.calls()["calls"]:
        key = (call["service"], call["operation"])
        if key not in seen:
            seen.append(key)
    return seen


def inject(emulator, service: str, operation: str, kind: str) -> None:
    client = emulator.client
    if kind == "slow":
        client.set_latency(operations={f"{service}:{operation}": 300})
    elif kind == "http_error":
        client.inject_fault(service, operation, "http_error", times=1, status=500)
    elif kind == "timeout":
        client.inject_fault(service, operation, "timeout", times=1, seconds=FAULT_HOLD_SECONDS)
    elif kind == "error":
        code, status = TERMINAL.get(service, ("AccessDeniedException", 400))
        client.inject_fault(service, operation, "error", code=code, status=status,
                            message=f"injected {code}")
    else:
        client.inject_fault(service, operation, kind, times=1)


def clear(emulator) -> None:
    emulator.client.clear_faults()
    emulator.client.set_latency(base_ms=0)


def sample(cases: list, command: str) -> list:
    if ONLY:
        return [c for c in cases if ONLY in f"{command} {c[0]}:{c[1]} {c[2]}"]
    if SAMPLE == "all":
        return cases
    rng = random.Random(f"{SEED}-{command}")
    return rng.sample(cases, min(int(SAMPLE), len(cases)))


def clean_outcome(run, label: str, problems: list[str]) -> dict | None:
    """Checks exit code, stdout (one JSON document) and stderr; returns the document."""
    if run.returncode not in (0, 1):
        problems.append(f"{label}: exit {run.returncode}: {run.stdout[-300:]} {run.stderr[-500:]}")
        return None
    for marker in RAW_MARKERS:
        if marker in run.stderr or marker in run.stdout:
            problems.append(f"{label}: {marker!r} in the output: {run.stderr[-500:]}")
    try:
        document = run.json()
    except json.JSONDecodeError:
        problems.append(f"{label}: stdout is not one JSON document: {run.stdout[:300]}")
        return None
    if run.returncode == 1 and "error" in document:
        error = document["error"]
        message = error.get("message", "")
        details = error.get("details", {})
        if not message or "\n" in message.strip():
            problems.append(f"{label}: not one clear message: {message!r}")
        code, operation = details.get("aws_code", ""), details.get("operation", "")
        if error.get("code") in ("aws_error", "timeout") and operation not in message:
            problems.append(f"{label}: message does not name the operation: {error}")
        if error.get("code") == "aws_error" and (not code or code not in message):
            problems.append(f"{label}: message lacks the AWS code: {error}")
    return document


def status_of(env, name: str) -> str | None:
    listed = raycloud(env, "cloud", "list").json().get("clouds", [])
    return next((c["status"] for c in listed if c["name"] == name), None)


@dataclass
class Context:
    emulator: Emulator
    tmp: pathlib.Path
    figures: Figures
    env: dict = None
    baseline: dict = None
    reference: dict = None

    def fresh(self, label: str) -> dict:
        """A reset emulator and a new state dir; returns the environment."""
        self.emulator.client.reset()
        state = self.tmp / label.replace(":", "_").replace("/", "_") / "state"
        self.env = environment(self.emulator.endpoint, state)
        self.baseline = inventory(self.emulator.endpoint)
        return self.env

    def faulty(self) -> dict:
        """The environment of a run with a fault: the short per-call timeout (only there,
        so a slow moment of a loaded machine does not fail the runs around it)."""
        return dict(self.env, RAYCLOUD_AWS_CALL_TIMEOUT=CALL_TIMEOUT_SECONDS)

    def setup(self, name: str, *extra: str, env: dict | None = None):
        return raycloud(env or self.env, "cloud", "setup", "--name", name, *SETUP_FLAGS, *extra)

    def delete_and_check(self, name: str, label: str) -> None:
        done = raycloud(self.env, "cloud", "delete", "--name", name, *DELETE_FLAGS)
        if done.returncode != 0:
            self.figures.problems.append(f"{label}: final delete exit {done.returncode}: "
                                         f"{done.stdout[-300:]}")
        left = difference(self.baseline, inventory(self.emulator.endpoint))
        if left:
            self.figures.leaks += 1
            self.figures.problems.append(f"{label}: left after delete: {left}")

    def rerun(self, label: str, *args: str) -> bool:
        self.figures.reruns += 1
        again = raycloud(self.env, *args)
        if again.returncode == 0:
            self.figures.reruns_completed += 1
            return True
        self.figures.problems.append(f"{label}: re-run exit {again.returncode}: "
                                     f"{again.stdout[-400:]}")
        return False

    def no_duplicates(self, label: str) -> None:
        counts = kind_counts(inventory(self.emulator.endpoint), self.baseline)
        if counts != self.reference:
            self.figures.problems.append(f"{label}: resources {counts} != clean run {self.reference}")


def each_case(figures: Figures, cases: list, command: str, body) -> None:
    """Calls body(label, service, operation, kind) for each sampled case; an exception in
    one run is a problem of that run, not the end of the matrix. One line per run."""
    for service, operation, kind in sample(cases, command):
        label = f"{command} {service}:{operation} {kind}"
        started = time.monotonic()
        before = len(figures.problems)
        try:
            body(label, service, operation, kind)
        except Exception as error:  # noqa: BLE001 - recorded, the matrix goes on
            figures.problems.append(f"{label}: {type(error).__name__}: {error}")
        verdict = "ok" if len(figures.problems) == before else "PROBLEM"
        print(f"  {label}: {verdict} ({time.monotonic() - started:.1f}s)", flush=True)


def counted(figures: Figures, run, document) -> bool:
    """Counts a run; True when it failed (cleanly or not)."""
    figures.runs += 1
    if run.returncode == 0:
        figures.completed += 1
        return False
    if run.returncode == 1 and document is not None:
        figures.cleanly_failed += 1
    return True


# ---- per command ----------------------------------------------------------------------------
def test_setup_matrix(emulator, tmp_path):
    figures = FIGURES.setdefault("setup", Figures())
    ctx = Context(emulator, tmp_path, figures)
    ctx.fresh("reference")
    assert ctx.setup("clean").returncode == 0
    ops = recorded_operations(emulator)
    ctx.reference = kind_counts(inventory(emulator.endpoint), ctx.baseline)
    cases = [(s, o, k) for s, o in ops for k in kinds_for(o)]
    cases += [(s, o, "error-no-rollback") for s, o in ops if o.startswith("Create")]

    def case(label: str, service: str, operation: str, kind: str) -> None:
        ctx.fresh(label)
        keep = kind == "error-no-rollback"
        inject(emulator, service, operation, "error" if keep else kind)
        run = ctx.setup("faulty", *(["--no-rollback"] if keep else []), env=ctx.faulty())
        document = clean_outcome(run, label, figures.problems)
        failed = counted(figures, run, document)
        clear(emulator)
        if failed and document is not None and "error" in document:
            status = status_of(ctx.env, "faulty")
            if status not in ("failed", None):
                figures.problems.append(f"{label}: status {status} after a failed setup")
            left = difference(ctx.baseline, inventory(emulator.endpoint))
            if not keep and left:
                figures.problems.append(f"{label}: rollback left {left}")
            elif not keep:
                figures.rollbacks_to_nothing += 1
            if keep and any(r.startswith("-") for v in left.values() for r in v):
                figures.problems.append(f"{label}: --no-rollback removed {left}")
            if keep and status != "failed":
                figures.problems.append(f"{label}: --no-rollback left status {status}")
            if not ctx.rerun(label, "cloud", "setup", "--name", "faulty", *SETUP_FLAGS):
                return
        elif failed:
            return
        if status_of(ctx.env, "faulty") != "active":
            figures.problems.append(f"{label}: not active after setup")
        ctx.no_duplicates(label)
        ctx.delete_and_check("faulty", label)

    each_case(figures, cases, "setup", case)
    assert not figures.problems, "\n".join(figures.problems)


def test_update_matrix(emulator, tmp_path):
    figures = FIGURES.setdefault("update", Figures())
    ctx = Context(emulator, tmp_path, figures)
    update = ["cloud", "update", "--name", "up", "--yes", "--tag", "team=ml",
              "--ingress-cidr", "10.1.0.0/16"]

    def prepared(label: str) -> None:
        ctx.fresh(label)
        assert ctx.setup("up").returncode == 0
        emulator.client.clear_calls()

    prepared("update-reference")
    assert raycloud(ctx.env, *update).returncode == 0
    ops = recorded_operations(emulator)
    ctx.reference = kind_counts(inventory(emulator.endpoint), ctx.baseline)
    cases = [(s, o, k) for s, o in ops for k in kinds_for(o)]

    def case(label: str, service: str, operation: str, kind: str) -> None:
        prepared(label)
        inject(emulator, service, operation, kind)
        run = raycloud(ctx.faulty(), *update)
        document = clean_outcome(run, label, figures.problems)
        failed = counted(figures, run, document)
        clear(emulator)
        if failed:
            status = status_of(ctx.env, "up")
            if document is not None and "error" in document and status != "failed":
                figures.problems.append(f"{label}: status {status} after a failed update")
            ctx.rerun(label, *update)
        if status_of(ctx.env, "up") != "active":
            figures.problems.append(f"{label}: not active after update")
        ctx.no_duplicates(label)
        ctx.delete_and_check("up", label)

    each_case(figures, cases, "update", case)
    assert not figures.problems, "\n".join(figures.problems)


def test_delete_matrix(emulator, tmp_path):
    figures = FIGURES.setdefault("delete", Figures())
    ctx = Context(emulator, tmp_path, figures)
    delete = ["cloud", "delete", "--name", "gone", *DELETE_FLAGS]

    def prepared(label: str) -> None:
        ctx.fresh(label)
        assert ctx.setup("gone").returncode == 0
        emulator.client.clear_calls()

    prepared("delete-reference")
    assert raycloud(ctx.env, *delete).returncode == 0
    ops = recorded_operations(emulator)
    cases = [(s, o, k) for s, o in ops for k in kinds_for(o)]

    def case(label: str, service: str, operation: str, kind: str) -> None:
        prepared(label)
        inject(emulator, service, operation, kind)
        run = raycloud(ctx.faulty(), *delete)
        document = clean_outcome(run, label, figures.problems)
        failed = counted(figures, run, document)
        clear(emulator)
        if failed:
            status = status_of(ctx.env, "gone")
            if document is not None and status not in ("deleting", "failed"):
                figures.problems.append(f"{label}: status {status} after a failed delete")
            ctx.rerun(label, *delete)
        if status_of(ctx.env, "gone") != "deleted":
            figures.problems.append(f"{label}: status {status_of(ctx.env, 'gone')} after delete")
        left = difference(ctx.baseline, inventory(emulator.endpoint))
        if left:
            figures.leaks += 1
            figures.problems.append(f"{label}: left after delete: {left}")

    each_case(figures, cases, "delete", case)
    assert not figures.problems, "\n".join(figures.problems)


def shared_cloud(ctx: Context, emulator) -> dict:
    """One managed cloud for the read-only commands (register, verify); its description."""
    ctx.fresh("shared")
    assert ctx.setup("base").returncode == 0
    return raycloud(ctx.env, "cloud", "describe", "--name", "base").json()["cloud"]


def test_register_matrix(emulator, tmp_path):
    figures = FIGURES.setdefault("register", Figures())
    ctx = Context(emulator, tmp_path, figures)
    cloud = shared_cloud(ctx, emulator)
    managed_env = ctx.env
    register = register_flags(cloud, "mine") + [
        "--external-id", cloud["external_id"], "--cloud-id", cloud["id"]]
    before = inventory(emulator.endpoint)
    counter = iter(range(1_000_000))

    def register_env() -> dict:
        return environment(emulator.endpoint, tmp_path / f"register-{next(counter)}" / "state")

    emulator.client.clear_calls()
    ctx.env = register_env()
    clean = raycloud(ctx.env, *register)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    ops = recorded_operations(emulator)
    cases = [(s, o, k) for s, o in ops for k in kinds_for(o)]

    def case(label: str, service: str, operation: str, kind: str) -> None:
        ctx.env = register_env()
        inject(emulator, service, operation, kind)
        run = raycloud(ctx.faulty(), *register)
        document = clean_outcome(run, label, figures.problems)
        failed = counted(figures, run, document)
        clear(emulator)
        if failed:
            if status_of(ctx.env, "mine") is not None:
                figures.problems.append(f"{label}: a failed register stored the cloud")
            if not ctx.rerun(label, *register):
                return
        if status_of(ctx.env, "mine") != "active":
            figures.problems.append(f"{label}: registered cloud not active")
        gone = raycloud(ctx.env, "cloud", "delete", "--name", "mine", "--yes")
        if gone.returncode != 0 or difference(before, inventory(emulator.endpoint)):
            figures.problems.append(f"{label}: deleting the registered cloud touched AWS")

    each_case(figures, cases, "register", case)
    ctx.env = managed_env
    ctx.delete_and_check("base", "register: the managed cloud")
    assert not figures.problems, "\n".join(figures.problems)


def test_verify_matrix(emulator, tmp_path):
    figures = FIGURES.setdefault("verify", Figures())
    ctx = Context(emulator, tmp_path, figures)
    shared_cloud(ctx, emulator)
    verify = ["cloud", "verify", "--name", "base"]
    before = inventory(emulator.endpoint)
    emulator.client.clear_calls()
    assert raycloud(ctx.env, *verify).returncode == 0
    ops = recorded_operations(emulator)
    cases = [(s, o, k) for s, o in ops for k in kinds_for(o)]

    def case(label: str, service: str, operation: str, kind: str) -> None:
        inject(emulator, service, operation, kind)
        run = raycloud(ctx.faulty(), *verify)
        document = clean_outcome(run, label, figures.problems)
        failed = counted(figures, run, document)
        clear(emulator)
        if failed:
            ctx.rerun(label, *verify)
        if status_of(ctx.env, "base") != "active":
            figures.problems.append(f"{label}: verify changed the cloud's status")
        if difference(before, inventory(emulator.endpoint)):
            figures.problems.append(f"{label}: verify changed the account")

    each_case(figures, cases, "verify", case)
    ctx.delete_and_check("base", "verify: the managed cloud")
    assert not figures.problems, "\n".join(figures.problems)
