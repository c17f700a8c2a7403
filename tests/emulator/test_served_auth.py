"""With --auth, the operations we serve check SigV4 signatures as moto checks its own."""

from __future__ import annotations

import json

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config
from conftest import start_emulator, stop_emulator

from raycloud_emulator import EmulatorClient

# One served operation per protocol and service, and the code AWS refuses a bad secret with.
SERVED_CALLS = [
    ("memorydb", lambda c: c.describe_parameter_groups(), "InvalidSignatureException"),
    ("ec2", lambda c: c.describe_placement_groups(), "AuthFailure"),
    ("service-quotas",
     lambda c: c.get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A"),
     "InvalidSignatureException"),
    ("pricing", lambda c: c.get_products(ServiceCode="AmazonEC2", MaxResults=1),
     "InvalidSignatureException"),
]


@pytest.fixture(scope="module")
def auth_emulator():
    process, [endpoint, credentials_line] = start_emulator("--auth", "--no-prewarm")
    credentials = json.loads(credentials_line)
    yield endpoint, credentials["access_key_id"], credentials["secret_access_key"]
    stop_emulator(process)


def _client(endpoint: str, service: str, key: str, secret: str, token: str | None = None):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        aws_session_token=token,
                        config=Config(retries={"total_max_attempts": 1}))


def _code(call) -> str:
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call()
    return info.value.response["Error"]["Code"]


@pytest.mark.parametrize("service, call, code", SERVED_CALLS, ids=[c[0] for c in SERVED_CALLS])
def test_served_operations_check_the_signature(auth_emulator, service, call, code):
    endpoint, key, secret = auth_emulator
    EmulatorClient(endpoint).reset()
    call(_client(endpoint, service, key, secret))  # the admin's own signature passes
    assert _code(lambda: call(_client(endpoint, service, key, secret[:-1] + "x"))) == code
    unknown = "AuthFailure" if service == "ec2" else "UnrecognizedClientException"
    assert _code(lambda: call(_client(endpoint, service, "AKIAUNKNOWN000000000", secret))) == (
        unknown)
    report = EmulatorClient(endpoint).validation()
    assert report["violations"] == [] and report["checked"] == 3


# moto refuses these itself, as XML labelled text/html whatever the protocol; the
# middleware rewrites that into the protocol's error format (json codes as AWS sends them).
FORWARDED_CALLS = [
    ("sts", lambda c: c.get_caller_identity(), "SignatureDoesNotMatch"),
    ("ec2", lambda c: c.describe_vpcs(), "AuthFailure"),
    ("memorydb", lambda c: c.describe_clusters(), "InvalidSignatureException"),
    ("efs", lambda c: c.describe_file_systems(), "InvalidSignatureException"),
]


@pytest.mark.parametrize("service, call, code", FORWARDED_CALLS,
                         ids=[c[0] for c in FORWARDED_CALLS])
def test_moto_refusals_come_in_the_protocols_format(auth_emulator, service, call, code):
    endpoint, key, secret = auth_emulator
    client = _client(endpoint, service, key, "wrong")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call(client)
    assert info.value.response["Error"]["Code"] == code
    content_type = info.value.response["ResponseMetadata"]["HTTPHeaders"]["content-type"]
    assert "html" not in content_type


def test_a_get_with_a_query_string_passes_moto_with_the_right_secret(auth_emulator):
    # moto 5.2.1 hashed the query string as the body of such requests (see auth.py).
    endpoint, key, secret = auth_emulator
    efs = _client(endpoint, "efs", key, secret)
    assert efs.describe_file_systems(CreationToken="token", MaxItems=5)["FileSystems"] == []
    with pytest.raises(botocore.exceptions.ClientError):
        _client(endpoint, "efs", key, "wrong").describe_file_systems(CreationToken="token")


def test_a_refused_request_changes_nothing(auth_emulator):
    endpoint, key, secret = auth_emulator
    EmulatorClient(endpoint).reset()
    bad = _client(endpoint, "memorydb", key, "wrong")
    assert _code(lambda: bad.create_parameter_group(
        ParameterGroupName="p", Family="memorydb_redis7")) == "InvalidSignatureException"
    groups = _client(endpoint, "memorydb", key, secret).describe_parameter_groups()
    assert "p" not in [group["Name"] for group in groups["ParameterGroups"]]


def test_assumed_role_credentials_are_checked_too(auth_emulator):
    # The trust policy names the account: it covers the admin user (see auth.py).
    endpoint, key, secret = auth_emulator
    EmulatorClient(endpoint).reset()
    iam = _client(endpoint, "iam", key, secret)
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "sts:AssumeRole"}]}
    admin = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(RoleName="r", PolicyName="all", PolicyDocument=json.dumps(admin))
    session = _client(endpoint, "sts", key, secret).assume_role(
        RoleArn=role["Arn"], RoleSessionName="served")["Credentials"]
    assumed = _client(endpoint, "memorydb", session["AccessKeyId"],
                      session["SecretAccessKey"], session["SessionToken"])
    assert assumed.describe_parameter_groups()["ParameterGroups"]
    forged = _client(endpoint, "memorydb", session["AccessKeyId"], "wrong",
                     session["SessionToken"])
    assert _code(forged.describe_parameter_groups) == "InvalidSignatureException"


def test_without_auth_any_key_is_served(aws):
    assert aws("memorydb").describe_parameter_groups()["ParameterGroups"]
