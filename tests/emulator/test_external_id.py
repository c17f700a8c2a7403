"""sts:ExternalId on AssumeRole, enforced as AWS does (moto admits a missing one)."""

from __future__ import annotations

import json

import botocore.exceptions

ACCOUNT = "123456789012"


def _role(iam, name: str, condition: dict | None, extra_statements: list | None = None) -> str:
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                 "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    document = {"Version": "2012-10-17", "Statement": [statement, *(extra_statements or [])]}
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(document))[
        "Role"]["Arn"]


def _assume(sts, arn: str, external_id: str | None) -> str:
    kwargs = {"RoleArn": arn, "RoleSessionName": "raycloud"}
    if external_id is not None:
        kwargs["ExternalId"] = external_id
    try:
        sts.assume_role(**kwargs)
        return "ok"
    except botocore.exceptions.ClientError as exc:
        assert exc.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        return exc.response["Error"]["Code"]


def test_string_equals_external_id(aws):
    iam, sts = aws("iam"), aws("sts")
    arn = _role(iam, "cross", {"StringEquals": {"sts:ExternalId": "raycloud-7f3a"}})
    assert _assume(sts, arn, None) == "AccessDenied"
    assert _assume(sts, arn, "wrong") == "AccessDenied"
    assert _assume(sts, arn, "raycloud-7f3a") == "ok"


def test_any_of_several_values_and_string_like(aws):
    iam, sts = aws("iam"), aws("sts")
    several = _role(iam, "several", {"StringEquals": {"sts:ExternalId": ["a1", "b2"]}})
    assert _assume(sts, several, "b2") == "ok"
    assert _assume(sts, several, "c3") == "AccessDenied"
    like = _role(iam, "like", {"StringLike": {"sts:ExternalId": "tenant-*"}})
    assert _assume(sts, like, "tenant-42") == "ok"
    assert _assume(sts, like, "other") == "AccessDenied"


def test_roles_without_the_condition_are_not_affected(aws):
    iam, sts = aws("iam"), aws("sts")
    plain = _role(iam, "plain", None)
    assert _assume(sts, plain, None) == "ok"
    assert _assume(sts, plain, "anything") == "ok"
    # A second Allow statement without the condition lets callers in without it, as in AWS.
    either = _role(
        iam, "either", {"StringEquals": {"sts:ExternalId": "xx"}},
        [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
          "Action": "sts:AssumeRole"}],
    )
    assert _assume(sts, either, None) == "ok"


def test_a_role_that_does_not_exist_is_denied(aws):
    # moto would hand out credentials for it; AWS answers AccessDenied.
    assert _assume(aws("sts"), f"arn:aws:iam::{ACCOUNT}:role/none", "xx") == "AccessDenied"
    assert _assume(aws("sts"), "arn:aws:iam::210987654321:role/x", None) == "AccessDenied"
