"""The sts:ExternalId condition on AssumeRole, enforced as AWS enforces it.

moto admits an AssumeRole that omits the ExternalId (and, with auth off, any ExternalId),
and even one on a role that does not exist; AWS answers AccessDenied to both.
AWS evaluates the role's trust policy: when every statement that allows sts:AssumeRole
carries an sts:ExternalId condition, the call must present an ExternalId satisfying one of
them, or AWS answers AccessDenied. Principals are left to moto (they are checked with auth
on); we look only at the ExternalId.
"""

from __future__ import annotations

import fnmatch
import json
import sys
import urllib.parse
from typing import Any

from .aws_request import AwsRequest
from .protocols import Response, error

_OPERATORS = {
    "stringequals": lambda want, got: got == want,
    "stringequalsignorecase": lambda want, got: got.lower() == want.lower(),
    "stringlike": lambda want, got: fnmatch.fnmatchcase(got, want),
}


def check(request: AwsRequest) -> Response | None:
    """AccessDenied for a role that does not exist or whose ExternalId condition fails."""
    if request.key != "sts:AssumeRole":
        return None
    role_arn = request.params.get("RoleArn", "")
    try:
        document = _trust_policy(role_arn)
    except _NoSuchRole:
        return _denied(request, role_arn)
    except Exception as exc:  # a malformed ARN or moto internals moved: moto decides
        print(f"raycloud_emulator: external id check skipped: {exc!r}", file=sys.stderr)
        return None
    if document is None or allows(document, request.params.get("ExternalId")):
        return None
    return _denied(request, role_arn)


class _NoSuchRole(LookupError):
    pass


def _denied(request: AwsRequest, role_arn: str) -> Response:
    caller = f"arn:aws:iam::{request.account_id()}:user/unknown"
    return error(
        request,
        "AccessDenied",
        f"User: {caller} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
        403,
    )


def allows(document: dict[str, Any], external_id: str | None) -> bool:
    """Whether a trust policy lets a caller presenting `external_id` (or none) assume it."""
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    assume_statements = [s for s in statements if _allows_assume_role(s)]
    if not assume_statements:
        return True  # not our concern: no Allow for AssumeRole at all is moto's to judge
    for statement in assume_statements:
        conditions = _external_id_conditions(statement)
        if not conditions:
            return True
        if external_id is not None and all(
            _satisfied(op, accepted, external_id) for op, accepted in conditions
        ):
            return True
    return False


def _trust_policy(role_arn: str) -> dict[str, Any] | None:
    from moto.iam.models import iam_backends

    account = role_arn.split(":")[4]
    backend = iam_backends[account]["aws"]
    if not any(role.arn == role_arn for role in backend.get_roles()):
        raise _NoSuchRole(role_arn)
    role = backend.get_role_by_arn(role_arn)
    text = role.assume_role_policy_document
    if isinstance(text, dict):
        return text
    if text.lstrip().startswith("%7B"):
        text = urllib.parse.unquote(text)
    return json.loads(text)


def _allows_assume_role(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    actions = statement.get("Action", [])
    actions = [actions] if isinstance(actions, str) else actions
    return any(fnmatch.fnmatchcase("sts:assumerole", a.lower()) for a in actions)


def _external_id_conditions(statement: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(operator, accepted values) pairs on sts:ExternalId; any one value satisfies a pair."""
    found: list[tuple[str, list[str]]] = []
    for operator, clauses in (statement.get("Condition") or {}).items():
        for key, values in (clauses or {}).items():
            if key.lower() != "sts:externalid":
                continue
            values = [values] if isinstance(values, str) else list(values)
            # An operator we do not model can never be satisfied: the safe direction.
            found.append((operator.lower(), values))
    return found


def _satisfied(operator: str, accepted: list[str], external_id: str) -> bool:
    compare = _OPERATORS.get(operator)
    return compare is not None and any(compare(want, external_id) for want in accepted)
