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


def enable(state: EmulatorState, control: ControlApi) -> Credentials:
    """Creates the admin identity, turns authentication on, and keeps it across resets."""
    state.admin = _create_admin(None)
    control.moto_post("/moto-api/reset-auth", "0")
    control.after_reset.append(lambda: _create_admin(state.admin))
    return state.admin
