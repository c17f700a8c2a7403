"""--auth: moto checks every SigV4 signature and IAM policy, for one admin identity.

We create an IAM user `raycloud-admin` with an inline `Action: *` policy and an access
key while authentication is still off, then turn it on (`/moto-api/reset-auth` with 0).
A reset wipes IAM, so afterwards we re-create the same user and give its new key the same
id and secret: the credentials printed at start stay valid for the whole run.
"""

from __future__ import annotations

import json

from .control import ControlApi
from .state import Credentials, EmulatorState

ADMIN_USER = "raycloud-admin"
_ADMIN_POLICY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


def _create_admin(keep: Credentials | None) -> Credentials:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import iam_backends

    iam = iam_backends[DEFAULT_ACCOUNT_ID]["aws"]
    iam.create_user(region_name="us-east-1", user_name=ADMIN_USER)
    iam.put_user_policy(ADMIN_USER, "admin", _ADMIN_POLICY)
    key = iam.create_access_key(ADMIN_USER)
    if keep is not None:
        # moto draws key ids at random; give the new key the id and secret handed out at
        # start, and re-register it under that id in the backend's index.
        iam.access_keys.pop(key.physical_resource_id, None)
        key.access_key_id = keep.access_key_id
        key.secret_access_key = keep.secret_access_key
        iam.access_keys[key.physical_resource_id] = key
    return Credentials(key.access_key_id, key.secret_access_key)


def _hash_the_body_sent_for_bodyless_requests() -> None:
    """moto 5.2.1 recomputes a signature over `body or data`, where data is what it parsed
    from the form *or the query string*: a GET/HEAD/DELETE with query parameters (EFS
    DescribeFileSystems?CreationToken=...) is hashed as if its query were its body, and
    fails -- boto3's requests as much as ours. AWS hashes the (empty) body sent; so do we.
    Form-encoded POSTs, whose body Flask has consumed into `data`, keep moto's behaviour."""
    from botocore.awsrequest import AWSRequest
    from moto.iam.access_control import IAMRequestBase

    original = IAMRequestBase._create_aws_request
    if getattr(original, "raycloud_patched", False):
        return

    def create_aws_request(self: IAMRequestBase) -> AWSRequest:
        request = original(self)
        if self._method in ("GET", "HEAD", "DELETE") and not self._body:
            request.data = b""
        return request

    create_aws_request.raycloud_patched = True  # type: ignore[attr-defined]
    IAMRequestBase._create_aws_request = create_aws_request  # type: ignore[method-assign]


def _account_principals_cover_the_accounts_identities() -> None:
    """moto 5.2.1 matches a trust policy's AWS principal literally. In AWS, the account
    (`arn:aws:iam::ACCOUNT:root` or `ACCOUNT`) stands for every identity of that account
    whose own policies allow the call: raycloud's control-plane role trusts the account."""
    from moto.iam.access_control import IAMPolicyStatement

    original = IAMPolicyStatement._check_principal
    if getattr(original, "raycloud_patched", False):
        return

    def check_principal(self: IAMPolicyStatement, principal: str) -> bool:
        if original(self, principal):
            return True
        expected = (self._statement.get("Principal") or {}).get("AWS", [])
        expected = [expected] if isinstance(expected, str) else expected
        parts = principal.split(":")
        if len(parts) < 5:
            return False
        account = parts[4]
        return any(p in (account, f"arn:{parts[1]}:iam::{account}:root") for p in expected)

    check_principal.raycloud_patched = True  # type: ignore[attr-defined]
    IAMPolicyStatement._check_principal = check_principal  # type: ignore[method-assign]


def enable(state: EmulatorState, control: ControlApi) -> Credentials:
    """Creates the admin identity, turns authentication on, and keeps it across resets."""
    _hash_the_body_sent_for_bodyless_requests()
    _account_principals_cover_the_accounts_identities()
    state.admin = _create_admin(None)
    control.moto_post("/moto-api/reset-auth", "0")
    control.after_reset.append(lambda: _create_admin(state.admin))
    return state.admin
