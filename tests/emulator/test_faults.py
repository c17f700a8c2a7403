"""Faults: protocol-correct throttling and errors, resets, timeouts, by count or chance."""

from __future__ import annotations

import http.client
import time
import urllib.parse

import botocore.exceptions
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


# What botocore raises when the connection dies without an answer.
CONNECTION_ERRORS = (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError)


def _error(call):
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call()
    return info.value.response


def test_ec2_throttle_by_count_then_success(emulator, aws):
    ec2 = aws("ec2")
    emulator.inject_fault("ec2", "DescribeVpcs", "throttle", times=2)
    for _ in range(2):
        response = _error(ec2.describe_vpcs)
        assert response["Error"]["Code"] == "RequestLimitExceeded"
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert ec2.describe_vpcs()["Vpcs"]  # the rule is spent
    assert emulator.faults()[0]["fired"] == 2


def test_each_protocol_throttles_in_its_own_format(emulator, aws):
    emulator.inject_fault("*", "*", "throttle")
    iam = _error(aws("iam").list_roles)  # query protocol
    assert (iam["Error"]["Code"], iam["ResponseMetadata"]["HTTPStatusCode"]) == ("Throttling", 400)
    assert iam["Error"]["Type"] == "Sender"
    memorydb = _error(aws("memorydb").describe_clusters)  # json protocol
    assert memorydb["Error"]["Code"] == "ThrottlingException"
    s3 = _error(aws("s3").list_buckets)  # rest-xml
    assert (s3["Error"]["Code"], s3["ResponseMetadata"]["HTTPStatusCode"]) == ("SlowDown", 503)
    efs = _error(aws("efs").describe_file_systems)  # rest-json
    assert efs["Error"]["Code"] == "ThrottlingException"


def test_raw_wire_formats(endpoint, emulator):
    """The bodies themselves, as a non-boto client (ours, in C++) will parse them."""
    emulator.inject_fault("ec2", "*", "throttle")
    emulator.inject_fault("memorydb", "*", "throttle")
    status, body, _ = _signed_post(endpoint, "ec2", "Action=DescribeVpcs&Version=2016-11-15")
    assert status == 503
    assert body.startswith(b"<?xml")
    assert b"<Response><Errors><Error><Code>RequestLimitExceeded" in body
    assert b"<RequestID>" in body
    status, body, _ = _signed_post(
        endpoint, "memorydb", "{}", target="AmazonMemoryDB.DescribeClusters"
    )
    assert status == 400 and b'"__type": "ThrottlingException"' in body


def test_botocore_retries_through_a_throttle(emulator, aws):
    emulator.inject_fault("sts", "GetCallerIdentity", "throttle", times=1)
    answer = aws("sts", retries=2).get_caller_identity()
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1
    assert emulator.call_count("sts", "GetCallerIdentity") == 2


def test_http_5xx_and_custom_errors(emulator, aws):
    ec2 = aws("ec2")
    emulator.inject_fault("ec2", "DescribeSubnets", "http_error", status=500, times=1)
    emulator.inject_fault("ec2", "DescribeSubnets", "http_error", status=503, times=1)
    first = _error(ec2.describe_subnets)
    assert (first["Error"]["Code"], first["ResponseMetadata"]["HTTPStatusCode"]) == (
        "InternalError", 500)
    second = _error(ec2.describe_subnets)
    assert (second["Error"]["Code"], second["ResponseMetadata"]["HTTPStatusCode"]) == (
        "Unavailable", 503)
    emulator.inject_fault("iam", "GetRole", "error", code="AccessDenied", status=403,
                          message="nope", times=1)
    denied = _error(lambda: aws("iam").get_role(RoleName="x"))
    assert (denied["Error"]["Code"], denied["Error"]["Message"]) == ("AccessDenied", "nope")
    assert denied["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_probability_is_repeatable_with_a_seed(emulator, aws):
    sts = aws("sts")

    def pattern() -> list[bool]:
        outcomes = []
        for _ in range(24):
            try:
                sts.get_caller_identity()
                outcomes.append(True)
            except botocore.exceptions.ClientError:
                outcomes.append(False)
        return outcomes

    emulator.inject_fault("sts", "*", "throttle", probability=0.5, seed=7)
    first = pattern()
    emulator.reset()
    emulator.inject_fault("sts", "*", "throttle", probability=0.5, seed=7)
    assert pattern() == first
    assert 0 < first.count(False) < len(first)  # some failed, some passed


def test_skip_then_fail(emulator, aws):
    ec2 = aws("ec2")
    emulator.inject_fault("ec2", "DescribeVpcs", "error", code="InvalidVpcID.NotFound",
                          skip=2, times=1)
    ec2.describe_vpcs()
    ec2.describe_vpcs()
    assert _error(ec2.describe_vpcs)["Error"]["Code"] == "InvalidVpcID.NotFound"
    ec2.describe_vpcs()


def test_connection_reset_reaches_the_client_as_a_reset(endpoint, emulator):
    emulator.inject_fault("ec2", "DescribeVpcs", "connection_reset", times=1)
    with pytest.raises(ConnectionResetError):
        _signed_post(endpoint, "ec2", "Action=DescribeVpcs&Version=2016-11-15")
    status, _, _ = _signed_post(endpoint, "ec2", "Action=DescribeVpcs&Version=2016-11-15")
    assert status == 200


def test_connection_reset_is_a_botocore_connection_error(emulator, aws):
    emulator.inject_fault("ec2", "CreateVpc", "connection_reset", times=1)
    ec2 = aws("ec2")
    with pytest.raises(CONNECTION_ERRORS):
        ec2.create_vpc(CidrBlock="10.1.0.0/16")
    # Nothing was applied: only the default VPC exists.
    assert [v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"]] == ["172.31.0.0/16"]


def test_timeout_hangs_and_does_not_apply(emulator, aws):
    emulator.inject_fault("ec2", "CreateVpc", "timeout", seconds=3, times=1)
    ec2 = aws("ec2", read_timeout=0.3, connect_timeout=1)
    started = time.monotonic()
    with pytest.raises(botocore.exceptions.ReadTimeoutError):
        ec2.create_vpc(CidrBlock="10.2.0.0/16")
    assert time.monotonic() - started < 3  # the client gave up before the hang ended
    time.sleep(max(0.0, started + 3.2 - time.monotonic()))  # let the hang end
    assert [v["CidrBlock"] for v in aws("ec2").describe_vpcs()["Vpcs"]] == ["172.31.0.0/16"]
    [call] = emulator.calls("ec2", "CreateVpc")["calls"]
    assert (call["fault"], call["status"]) == ("timeout", None)  # never answered


def test_reset_after_apply_fails_a_call_that_took_effect(emulator, aws):
    emulator.inject_fault("ec2", "CreateVpc", "reset_after_apply", times=1)
    ec2 = aws("ec2")
    with pytest.raises(CONNECTION_ERRORS):
        ec2.create_vpc(CidrBlock="10.3.0.0/16")
    cidrs = sorted(v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"])
    assert cidrs == ["10.3.0.0/16", "172.31.0.0/16"]


def test_explicit_dependency_violation(emulator, aws):
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.4.0.0/16")["Vpc"]["VpcId"]
    emulator.inject_fault("ec2", "DeleteVpc", "dependency_violation", times=1)
    response = _error(lambda: ec2.delete_vpc(VpcId=vpc))
    assert response["Error"]["Code"] == "DependencyViolation"
    ec2.delete_vpc(VpcId=vpc)


def test_fault_rules_can_be_listed_removed_and_validated(emulator):
    fault_id = emulator.inject_fault("efs", "*", "throttle")
    [rule] = emulator.faults()
    assert (rule["id"], rule["service"]) == (fault_id, "elasticfilesystem")
    emulator.remove_fault(fault_id)
    assert emulator.faults() == []
    with pytest.raises(Exception, match="kind must be one of"):
        emulator.inject_fault("ec2", "*", "explode")
    with pytest.raises(Exception, match="500..599"):
        emulator.inject_fault("ec2", "*", "http_error", status=404)


def _signed_post(endpoint: str, service: str, body: str, target: str | None = None):
    """A hand-made signed POST over http.client, to see the raw status and body."""
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    if target:
        headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}
    request = AWSRequest(method="POST", url=endpoint + "/", data=body, headers=headers)
    SigV4Auth(Credentials("AKIAIOSFODNN7EXAMPLE", "not-a-secret"), service, "us-east-1"
              ).add_auth(request)
    url = urllib.parse.urlparse(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    try:
        connection.request("POST", "/", body=body, headers=dict(request.headers))
        answer = connection.getresponse()
        return answer.status, answer.read(), dict(answer.getheaders())
    finally:
        connection.close()
