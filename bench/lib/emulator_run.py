"""Shared by the emulator benchmarks (bench/suites/verify, bench/suites/setup): start the
local AWS emulator, talk to it with boto3, and run the raycloud binary against it."""

import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))
BUILD = os.environ.get("RAYCLOUD_BUILD_DIR", os.path.join(ROOT, "build-bench"))
RAYCLOUD = os.path.join(BUILD, "src", "raycloud")
REGION = "us-west-2"

from raycloud_emulator import EmulatorClient  # noqa: E402


class Emulator:
    """scripts/emulator as a child process; it exits when this process dies (stdin EOF)."""

    def __init__(self):
        self.process = subprocess.Popen(
            [os.path.join(ROOT, "scripts", "emulator"), "--exit-on-stdin-eof"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.endpoint = self.process.stdout.readline().strip()
        if not self.endpoint.startswith("http"):
            raise RuntimeError("the emulator did not start")
        self.control = EmulatorClient(self.endpoint)

    def client(self, service):
        import boto3
        from botocore.config import Config
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id="AKIABENCH00000000000",
                            aws_secret_access_key="bench-not-a-secret",
                            config=Config(s3={"addressing_style": "path"},
                                          retries={"max_attempts": 10}))

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def raycloud(emulator, state_dir, args, extra_env=None, check=True):
    """Runs raycloud with JSON output; returns (exit code, JSON document, stderr, seconds)."""
    env = dict(os.environ)
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "RAYCLOUD_OUTPUT"):
        env.pop(key, None)
    env.update({"AWS_ACCESS_KEY_ID": "AKIABENCH00000000000",
                "AWS_SECRET_ACCESS_KEY": "bench-not-a-secret",
                "AWS_ENDPOINT_URL": emulator.endpoint, "AWS_REGION": REGION,
                "RAYCLOUD_HOME": state_dir})
    env.update(extra_env or {})
    started = time.monotonic()
    done = subprocess.run([RAYCLOUD, "--output", "json", *args], env=env, capture_output=True,
                          text=True)
    seconds = time.monotonic() - started
    try:
        document = json.loads(done.stdout) if done.stdout.strip() else {}
    except json.JSONDecodeError:
        document = {}
    if check and done.returncode not in (0, 1):
        raise RuntimeError("raycloud %s exited %d: %s" % (" ".join(args[:2]), done.returncode,
                                                          done.stderr[-2000:]))
    return done.returncode, document, done.stderr, seconds


def log(suite, message):
    print("bench %s: %s" % (suite, message), file=sys.stderr, flush=True)
