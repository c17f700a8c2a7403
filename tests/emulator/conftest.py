"""One emulator process for the whole pytest session, reset before every test."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import boto3
import pytest
from botocore.config import Config

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from raycloud_emulator import EmulatorClient  # noqa: E402

# botocore honours HTTP(S)_PROXY; the emulator is on loopback and must be reached directly.
os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1"]))


def start_emulator(*args: str) -> tuple[subprocess.Popen, list[str]]:
    """Starts `python3 -m raycloud_emulator`; returns the process and its first lines."""
    process = subprocess.Popen(
        [sys.executable, "-m", "raycloud_emulator", "--exit-on-stdin-eof", *args],
        cwd=HERE,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines = [process.stdout.readline().strip()]
    if "--auth" in args:
        lines.append(process.stdout.readline().strip())
    return process, lines


def stop_emulator(process: subprocess.Popen) -> int:
    process.terminate()
    try:
        return process.wait(timeout=10)
    finally:
        process.stdin.close()
        process.stdout.close()


@pytest.fixture(scope="session")
def endpoint():
    process, lines = start_emulator()
    assert lines[0].startswith("http://127.0.0.1:"), lines
    yield lines[0]
    stop_emulator(process)


@pytest.fixture
def emulator(endpoint, request) -> EmulatorClient:
    """The shared emulator, reset; afterwards no request boto3 sent may have failed
    validation (tests that send invalid requests on purpose are marked `invalid_requests`)."""
    client = EmulatorClient(endpoint)
    client.reset()
    yield client
    if request.node.get_closest_marker("invalid_requests") is None:
        assert client.validation()["violations"] == []


@pytest.fixture
def aws(endpoint, emulator):
    """aws("ec2", region=..., retries=...) -> a boto3 client on the emulator.

    Retries default to none so each test sees exactly what the emulator answered.
    """

    def make(service: str, region: str = "us-east-1", retries: int = 0, **config):
        return boto3.client(
            service,
            endpoint_url=endpoint,
            region_name=region,
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="not-a-secret",
            config=Config(
                retries={"total_max_attempts": retries + 1, "mode": "standard"},
                s3={"addressing_style": "path"},
                **config,
            ),
        )

    return make
