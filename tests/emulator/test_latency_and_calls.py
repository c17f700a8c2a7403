"""Latency per call and per operation; call counting and recording."""

from __future__ import annotations

import time

import botocore.exceptions
import pytest


def _timed(call) -> float:
    started = time.monotonic()
    call()
    return time.monotonic() - started


# Wall time only gives lower bounds (a loaded machine adds time, never removes it); which
# delay each call got is read from the call records.
def test_base_latency_and_per_operation_override(emulator, aws):
    sts, ec2 = aws("sts"), aws("ec2")
    emulator.set_latency(base_ms=300, operations={"sts:GetCallerIdentity": 700})
    assert _timed(sts.get_caller_identity) >= 0.7
    assert _timed(ec2.describe_vpcs) >= 0.3
    emulator.set_latency(base_ms=0)
    sts.get_caller_identity()
    assert [c["latency_ms"] for c in emulator.calls()["calls"]] == [700, 300, 0]


def test_service_wide_latency_override(emulator, aws):
    emulator.set_latency(operations={"ec2:*": 400})
    assert _timed(aws("ec2").describe_vpcs) >= 0.4
    aws("sts").get_caller_identity()
    assert [c["latency_ms"] for c in emulator.calls()["calls"]] == [400, 0]


def test_counts_per_operation_and_total(emulator, aws):
    ec2 = aws("ec2")
    assert emulator.total_calls() == 0  # a reset starts from nothing
    ec2.describe_vpcs()
    ec2.describe_vpcs()
    ec2.describe_subnets()
    aws("sts").get_caller_identity()
    assert emulator.call_count("ec2", "DescribeVpcs") == 2
    assert emulator.call_count("ec2") == 3
    assert emulator.call_count("sts", "GetCallerIdentity") == 1
    assert emulator.call_count("iam") == 0
    assert emulator.total_calls() == 4
    calls = emulator.calls("ec2")
    assert calls["counts"] == {"ec2:DescribeSubnets": 1, "ec2:DescribeVpcs": 2}
    assert [c["operation"] for c in calls["calls"]] == ["DescribeVpcs", "DescribeVpcs",
                                                        "DescribeSubnets"]
    assert all(c["status"] == 200 and c["region"] == "us-east-1" for c in calls["calls"])


def test_faulted_and_served_calls_are_counted_control_calls_are_not(emulator, aws):
    emulator.inject_fault("ec2", "DescribeVpcs", "throttle", times=1)
    with pytest.raises(botocore.exceptions.ClientError):
        aws("ec2").describe_vpcs()
    aws("pricing").get_products(ServiceCode="AmazonEC2", MaxResults=1)
    emulator.faults()
    emulator.calls()
    [faulted] = emulator.calls("ec2")["calls"]
    assert (faulted["fault"], faulted["status"]) == ("throttle", 503)
    assert emulator.call_count("pricing", "GetProducts") == 1
    assert emulator.total_calls() == 2


def test_rest_operations_are_named_from_the_model(emulator, aws):
    s3 = aws("s3")
    s3.create_bucket(Bucket="raycloud-test")
    s3.put_object(Bucket="raycloud-test", Key="a/b.txt", Body=b"x")
    s3.list_objects_v2(Bucket="raycloud-test")
    s3.head_bucket(Bucket="raycloud-test")
    aws("efs").describe_file_systems()
    counts = emulator.calls()["counts"]
    for key in ("s3:CreateBucket", "s3:PutObject", "s3:ListObjectsV2", "s3:HeadBucket",
                "elasticfilesystem:DescribeFileSystems"):
        assert counts.get(key) == 1, (key, counts)


def test_clear_calls(emulator, aws):
    aws("sts").get_caller_identity()
    emulator.clear_calls()
    assert emulator.total_calls() == 0
