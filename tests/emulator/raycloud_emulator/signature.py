"""--auth for the operations we serve ourselves: moto never sees them, so it cannot check
their SigV4 signature; we recompute it here the way moto does for its own services
(moto/iam/access_control.py): look the access key up in moto's IAM/STS backends, rebuild
the request from the headers the client says it signed, and sign it with botocore.

Like moto, only identity is checked (no IAM policy evaluation: the admin may do anything),
and headers botocore never signs (User-Agent, Expect) cannot be verified if a client signs
them. moto's own refusals are rewritten into the protocol's error format
(`in_protocol_format`).
"""

from __future__ import annotations

import hmac
import html
import re
from typing import Any

from . import protocols
from .aws_request import AwsRequest, raw_path
from .protocols import Response

_AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+),\s*Signature=(?P<signature>[0-9a-fA-F]+)"
)
_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details."
)


# What AWS answers per failure: json services (MemoryDB, Service Quotas, Pricing) name it
# their way, query and rest services as IAM does; EC2 says AuthFailure for all of them.
_REFUSALS = {
    "signature": ("InvalidSignatureException", "SignatureDoesNotMatch", _MISMATCH),
    "key": (
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    ),
    "missing": (
        "MissingAuthenticationTokenException",
        "MissingAuthenticationToken",
        "Missing Authentication Token",
    ),
}


def _refusal(request: AwsRequest, kind: str) -> Response:
    if request.protocol == "ec2":
        message = "AWS was not able to validate the provided access credentials"
        return protocols.error(request, "AuthFailure", message, 401)
    json_code, other_code, message = _REFUSALS[kind]
    return protocols.error(request, json_code if request.protocol == "json" else other_code,
                           message, 403)


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """Request headers with the names the client sent (as far as WSGI keeps them)."""
    headers = {
        key[5:].replace("_", "-").title(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
        if environ.get(key):
            headers[name] = environ[key]
    return headers


def check(request: AwsRequest, environ: dict[str, Any]) -> Response | None:
    """None if the request is signed by a known key with the right secret, else the refusal."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from moto.utilities.utils import get_partition
    from moto.iam.access_control import CreateAccessKeyFailure, create_access_key

    match = _AUTH_RE.search(request.headers.get("authorization", ""))
    if not match:
        return _refusal(request, "missing")
    key_id, _, region, service, _ = match["credential"].split("/", 4)
    try:
        key = create_access_key(
            account_id=request.account_id(),
            partition=get_partition(region),
            access_key_id=key_id,
            headers={"X-Amz-Security-Token": request.headers.get("x-amz-security-token", "")}
            if request.headers.get("x-amz-security-token")
            else {},
        )
    except CreateAccessKeyFailure:
        return _refusal(request, "key")
    signed = set(match["signed"].lower().split(";"))
    headers = {name: value for name, value in _headers(environ).items() if name.lower() in signed}
    query = environ.get("QUERY_STRING", "")
    url = f"http://{environ.get('HTTP_HOST', 'localhost')}{raw_path(environ)}" + (
        f"?{query}" if query else ""
    )
    aws_request = AWSRequest(method=request.method, url=url, data=request.body, headers=headers)
    aws_request.context["timestamp"] = request.headers.get("x-amz-date", "")
    auth = SigV4Auth(key.create_credentials(), service, region)
    expected = auth.signature(
        auth.string_to_sign(aws_request, auth.canonical_request(aws_request)), aws_request
    )
    if not hmac.compare_digest(expected, match["signature"].lower()):
        return _refusal(request, "signature")
    return None


# moto answers its own auth refusals (outside S3) as <ErrorResponse><Errors><Error> XML with
# Content-Type text/html whatever the protocol; clients that honour the protocol (ours)
# cannot read that. AWS answers in the protocol's error format, with the json codes above.
_MOTO_REFUSAL_RE = re.compile(
    rb"<ErrorResponse><Errors><Error><Code>(?P<code>[^<]+)</Code>"
    rb"<Message>(?P<message>[^<]*)</Message>"
)
_JSON_CODES = {
    "SignatureDoesNotMatch": "InvalidSignatureException",
    "InvalidClientTokenId": "UnrecognizedClientException",
    "AccessDenied": "AccessDeniedException",
}


def in_protocol_format(request: AwsRequest, response: Response) -> Response:
    """moto's answer, with an auth refusal rewritten into the request's protocol."""
    if response.status not in (401, 403) or "html" not in (response.header("content-type") or ""):
        return response
    match = _MOTO_REFUSAL_RE.search(response.body)
    if not match:
        return response
    code = match["code"].decode()
    if request.protocol in ("json", "rest-json"):
        code = _JSON_CODES.get(code, code)
    message = html.unescape(match["message"].decode())
    return protocols.error(request, code, message, response.status)
