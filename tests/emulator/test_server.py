"""The process: start-up, loopback only, --port, --auth, clean stops, reset."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import urllib.request

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config
from conftest import start_emulator, stop_emulator

from raycloud_emulator import EmulatorClient


def _client(service: str, endpoint: str, key: str, secret: str):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"total_max_attempts": 1}))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_starts_fast_on_loopback_and_stops_on_sigterm():
    # Under 3 s on an idle machine; other work on the machine stretches that bound.
    limit = 3.0 * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    started = time.monotonic()
    process, [endpoint] = start_emulator("--no-prewarm")
    assert time.monotonic() - started < limit
    assert endpoint.startswith("http://127.0.0.1:")
    port = int(endpoint.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    assert EmulatorClient(endpoint).info()["endpoint"] == endpoint
    assert stop_emulator(process) == 0


def test_port_option_and_sigint():
    port = _free_port()
    process, [endpoint] = start_emulator("--port", str(port), "--no-prewarm")
    assert endpoint == f"http://127.0.0.1:{port}"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    process.stdin.close()
    process.stdout.close()


def test_exits_when_the_parent_goes_away():
    process, _ = start_emulator("--no-prewarm")
    process.stdin.close()  # what happens when the test process that owns the pipe dies
    assert process.wait(timeout=10) == 0
    process.stdout.close()


def test_auth_checks_signatures_and_keeps_the_admin_across_resets():
    process, [endpoint, credentials_line] = start_emulator("--auth")
    try:
        credentials = json.loads(credentials_line)
        key, secret = credentials["access_key_id"], credentials["secret_access_key"]
        good = _client("sts", endpoint, key, secret)
        assert good.get_caller_identity()["Arn"].endswith(":user/raycloud-admin")
        with pytest.raises(botocore.exceptions.ClientError) as bad:
            _client("sts", endpoint, key, secret[:-1] + "x").get_caller_identity()
        assert bad.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
        client = EmulatorClient(endpoint)
        info = client.info()
        assert info["auth"] and info["access_key_id"] == key
        client.reset()
        assert _client("ec2", endpoint, key, secret).describe_vpcs()["Vpcs"]
    finally:
        stop_emulator(process)


def test_managed_policies_can_be_loaded():
    process, [endpoint] = start_emulator("--load-managed-policies", "--no-prewarm")
    try:
        iam = _client("iam", endpoint, "AKIAIOSFODNN7EXAMPLE", "not-a-secret")
        policy = iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        assert policy["Policy"]["PolicyName"] == "AdministratorAccess"
    finally:
        stop_emulator(process)


def test_reset_wipes_moto_and_our_state(emulator, aws):
    ec2 = aws("ec2")
    ec2.create_vpc(CidrBlock="10.9.0.0/16")
    aws("memorydb").create_parameter_group(ParameterGroupName="p", Family="memorydb_redis7")
    emulator.inject_fault("iam", "*", "throttle")
    emulator.set_latency(base_ms=5)
    emulator.set_quota("ec2", "L-1216C47A", 99)
    emulator.reset()
    assert emulator.total_calls() == 0 and emulator.faults() == []
    assert [v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"]] == ["172.31.0.0/16"]
    names = [g["Name"] for g in aws("memorydb").describe_parameter_groups()["ParameterGroups"]]
    assert "p" not in names
    assert aws("service-quotas").get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")[
        "Quota"]["Value"] == 5.0
    aws("iam").list_roles()  # no fault any more


def test_unknown_control_route_is_a_404(endpoint):
    with pytest.raises(Exception, match="404"):
        EmulatorClient(endpoint)._call("GET", "nothing-here")


def test_moto_api_still_reachable(endpoint):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{endpoint}/moto-api/data.json", timeout=10) as answer:
        assert answer.status == 200 and "ec2" in json.loads(answer.read())
