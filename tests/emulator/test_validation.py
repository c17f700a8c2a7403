"""Every request is checked against botocore's model; one that does not fit is refused.

Valid requests come from boto3; invalid ones are written by hand (boto3 validates before
sending) and SigV4-signed with botocore's signer, one pair per protocol.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import start_emulator, stop_emulator
from raycloud_emulator import EmulatorClient

CODE = "RaycloudEmulatorInvalidRequest"
EC2_FORM = "application/x-www-form-urlencoded; charset=utf-8"


def send(endpoint: str, service: str, method: str = "POST", path: str = "/", body: str = "",
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """A hand-written request, signed as botocore signs; returns status, headers, body."""
    request = AWSRequest(method=method, url=endpoint + path, data=body.encode(),
                         headers=headers or {})
    SigV4Auth(Credentials("AKIAIOSFODNN7EXAMPLE", "not-a-secret"), service,
              "us-east-1").add_auth(request)
    prepared = request.prepare()
    raw = urllib.request.Request(prepared.url, data=prepared.body or None, method=method,
                                 headers=dict(prepared.headers))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(raw, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def violations(emulator: EmulatorClient) -> list[dict[str, str]]:
    return emulator.validation()["violations"]


# ---- valid requests: checked, nothing reported ------------------------------------------------
def test_valid_requests_of_every_protocol_are_checked(aws, emulator):
    aws("ec2").describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.0.0/16"]}])  # ec2
    aws("iam").list_roles(MaxItems=10)  # query
    aws("memorydb").describe_clusters(MaxResults=5)  # json
    aws("memorydb").describe_parameter_groups()  # json, served by the middleware
    aws("efs").create_file_system(CreationToken="t", Encrypted=True)  # rest-json
    s3 = aws("s3")  # rest-xml
    s3.create_bucket(Bucket="checked")
    s3.put_bucket_tagging(Bucket="checked", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    s3.put_object(Bucket="checked", Key="a/b c.txt", Body=b"\x00\xff binary")
    s3.list_objects_v2(Bucket="checked", MaxKeys=5)
    report = emulator.validation()
    assert report["violations"] == []
    assert report["checked"] == 9
    assert report["checked_by_service"] == {
        "ec2": 1, "iam": 1, "memorydb": 2, "elasticfilesystem": 1, "s3": 4}


def test_reset_clears_the_tally(aws, emulator):
    aws("sts").get_caller_identity()
    assert emulator.validation()["checked"] == 1
    emulator.reset()
    assert emulator.validation() == {
        "enabled": True, "checked": 0, "checked_by_service": {}, "violations": []}


# ---- invalid requests: refused in the protocol's error format, recorded ------------------------
@pytest.mark.invalid_requests
@pytest.mark.parametrize("body, expected", [
    ("Action=DeleteVpc&Version=2016-11-15", "Missing required parameter in input: \"VpcId\""),
    # A list member sent as a scalar (VpcId, not VpcId.1) claims no member of the model.
    ("Action=DescribeVpcs&Version=2016-11-15&VpcId=vpc-1", 'Unknown parameter in request: "VpcId"'),
])
def test_ec2(endpoint, emulator, body, expected):
    status, _, answer = send(endpoint, "ec2", body=body, headers={"Content-Type": EC2_FORM})
    assert status == 400
    assert f"<Response><Errors><Error><Code>{CODE}</Code>" in answer and expected in answer
    operation = body.split("&")[0].split("=")[1]
    assert violations(emulator) == [
        {"service": "ec2", "operation": operation, "report": expected}]


@pytest.mark.invalid_requests
@pytest.mark.parametrize("body, expected", [
    ("Action=CreateRole&Version=2010-05-08&RoleName=r",
     'Missing required parameter in input: "AssumeRolePolicyDocument"'),
    ("Action=ListRoles&Version=2010-05-08&MaxItems=ten", "cannot parse the request"),
])
def test_query(endpoint, emulator, body, expected):
    status, _, answer = send(endpoint, "iam", body=body, headers={"Content-Type": EC2_FORM})
    assert status == 400
    assert "<ErrorResponse><Error><Type>Sender</Type>" in answer
    assert f"<Code>{CODE}</Code>" in answer and expected in answer
    assert [v["service"] for v in violations(emulator)] == ["iam"]


@pytest.mark.invalid_requests
@pytest.mark.parametrize("operation, body, expected", [
    # Served by the middleware (moto lacks it): checked all the same, and not applied.
    ("CreateParameterGroup", {"ParameterGroupName": "p"},
     'Missing required parameter in input: "Family"'),
    ("DescribeClusters", {"ClusterName": 5}, "Invalid type for parameter ClusterName"),
    ("DescribeClusters", {"MaxResults": "5"}, "Invalid type for parameter MaxResults"),
    ("DescribeClusters", {"ClusterNames": ["c"]}, 'Unknown parameter in input: "ClusterNames"'),
])
def test_json(endpoint, aws, emulator, operation, body, expected):
    status, headers, answer = send(endpoint, "memorydb", body=json.dumps(body), headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": f"AmazonMemoryDB.{operation}"})
    assert status == 400
    assert json.loads(answer)["__type"] == CODE and expected in json.loads(answer)["message"]
    assert violations(emulator)[0]["operation"] == operation
    groups = aws("memorydb").describe_parameter_groups()["ParameterGroups"]
    assert "p" not in [group["Name"] for group in groups]


@pytest.mark.invalid_requests
@pytest.mark.parametrize("body, expected", [
    ({}, 'Missing required parameter in input: "CreationToken"'),
    ({"CreationToken": "t", "Encrypted": "yes"}, "Invalid type for parameter Encrypted"),
])
def test_rest_json(endpoint, emulator, body, expected):
    status, headers, answer = send(endpoint, "elasticfilesystem", path="/2015-02-01/file-systems",
                                   body=json.dumps(body),
                                   headers={"Content-Type": "application/json"})
    assert status == 400
    assert headers["x-amzn-ErrorType"] == CODE and expected in json.loads(answer)["message"]
    assert violations(emulator)[0]["operation"] == "CreateFileSystem"


@pytest.mark.invalid_requests
@pytest.mark.parametrize("method, path, body, expected", [
    ("PUT", "/bkt?tagging", "<Tagging></Tagging>",
     'Missing required parameter in Tagging: "TagSet"'),
    ("GET", "/bkt?list-type=2&max-keys=ten", "", "cannot parse the request"),
])
def test_rest_xml(endpoint, aws, emulator, method, path, body, expected):
    aws("s3").create_bucket(Bucket="bkt")
    status, _, answer = send(endpoint, "s3", method=method, path=path, body=body)
    assert status == 400
    assert f"<Error><Code>{CODE}</Code>" in answer and expected in answer
    assert len(violations(emulator)) == 1


@pytest.mark.invalid_requests
def test_unnamed_operation(endpoint, emulator):
    status, _, answer = send(endpoint, "elasticfilesystem", method="GET", path="/nowhere")
    assert status == 400 and "has no operation matching" in answer


def test_validation_can_be_turned_off():
    process, lines = start_emulator("--no-validation")
    try:
        _, _, answer = send(lines[0], "ec2", body="Action=DeleteVpc&Version=2016-11-15",
                            headers={"Content-Type": EC2_FORM})
        assert CODE not in answer  # moto's own answer
        assert EmulatorClient(lines[0]).validation()["enabled"] is False
    finally:
        stop_emulator(process)
