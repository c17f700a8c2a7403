"""What an incoming AWS request is: service, region, operation, protocol, parameters.

moto routes by the SigV4 credential scope, so we read the same thing. The operation comes
from `X-Amz-Target` (json), the `Action` parameter (query, ec2) or, for REST services,
from matching the method and path against botocore's model of the service.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

# SigV4 signing name -> botocore service name, where they differ. Only REST services
# need a model (to name the operation from the path).
_BOTOCORE_NAMES = {
    "elasticfilesystem": "efs",
    "servicequotas": "service-quotas",
    "elasticloadbalancing": "elbv2",
    "monitoring": "cloudwatch",
    "execute-api": "apigateway",
}
# Service names a caller may use in the control API, mapped to the signing name.
SERVICE_ALIASES = {
    "efs": "elasticfilesystem",
    "service-quotas": "servicequotas",
    "elbv2": "elasticloadbalancing",
    "elb": "elasticloadbalancing",
    "memory-db": "memorydb",
    "cloudwatch": "monitoring",
}
_REST_XML_SERVICES = {"s3", "route53", "cloudfront"}
# The few AWS calls that are sent unsigned, so have no credential scope to name the service.
_UNSIGNED_ACTIONS = {"AssumeRoleWithWebIdentity": "sts", "AssumeRoleWithSAML": "sts"}
_CREDENTIAL_RE = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request")


def canonical_service(name: str) -> str:
    """The signing name for a service name given by a test (`efs` -> `elasticfilesystem`)."""
    name = name.strip().lower()
    return SERVICE_ALIASES.get(name, name)


@dataclass
class AwsRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    service: str = ""
    region: str = "us-east-1"
    access_key: str = ""
    protocol: str = ""
    operation: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.service}:{self.operation}"

    def param(self, name: str, default: str | None = None) -> str | None:
        """A query/ec2 parameter (first value) or a top-level json member."""
        value = self.params.get(name, default)
        return value

    def list_param(self, prefix: str) -> list[str]:
        """Values of a query-protocol list (`GroupName.1`, `GroupName.2`, ...), in order."""
        items = []
        for name, value in self.params.items():
            if name.startswith(prefix + ".") and name[len(prefix) + 1 :].isdigit():
                items.append((int(name[len(prefix) + 1 :]), value))
        return [value for _, value in sorted(items)]

    def account_id(self) -> str:
        """The account moto will act in, resolved the way moto resolves it."""
        if "MOTO_ACCOUNT_ID" in os.environ:
            return os.environ["MOTO_ACCOUNT_ID"]
        if "x-moto-account-id" in self.headers:
            return self.headers["x-moto-account-id"]
        from moto.iam.models import get_account_id_from

        return get_account_id_from(self.access_key)


def read_body(environ: dict[str, Any]) -> bytes:
    """Reads the whole request body and puts it back so moto can read it again."""
    length = environ.get("CONTENT_LENGTH") or ""
    stream = environ["wsgi.input"]
    if length.isdigit():
        body = stream.read(int(length)) if int(length) else b""
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def parse(environ: dict[str, Any]) -> AwsRequest:
    """Classifies one request; never fails (unknown parts stay empty)."""
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    body = read_body(environ)
    query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    request = AwsRequest(
        method=environ.get("REQUEST_METHOD", "GET"),
        path=environ.get("PATH_INFO", "/"),
        query=query,
        headers=headers,
        body=body,
    )
    _read_scope(request)
    _read_operation(request)
    return request


def _read_scope(request: AwsRequest) -> None:
    auth = request.headers.get("authorization", "")
    match = _CREDENTIAL_RE.search(auth)
    if not match and "X-Amz-Credential" in request.query:
        match = _CREDENTIAL_RE.search("Credential=" + request.query["X-Amz-Credential"][0])
    if match:
        request.access_key, _, request.region, service = match.groups()
        request.service = service.lower()


def raw_path(environ: dict[str, Any]) -> str:
    """The path as sent, still percent-encoded (PATH_INFO is decoded)."""
    path = (environ.get("RAW_URI") or environ.get("REQUEST_URI") or "").split("?")[0]
    return path or urllib.parse.quote(environ.get("PATH_INFO", "/"), safe="/")


def decoded_body(request: AwsRequest) -> bytes:
    """The body as sent before any Content-Encoding (gzip)."""
    if request.headers.get("content-encoding", "").lower() == "gzip":
        try:
            return gzip.decompress(request.body)
        except OSError:
            return b""
    return request.body


def _read_operation(request: AwsRequest) -> None:
    target = request.headers.get("x-amz-target")
    if target:
        request.protocol = "json"
        request.operation = target.rsplit(".", 1)[-1]
        try:
            parsed = json.loads(decoded_body(request) or b"{}")
            request.params = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            request.params = {}
        return
    form: dict[str, list[str]] = {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = urllib.parse.parse_qs(
            decoded_body(request).decode("utf-8", "replace"), keep_blank_values=True
        )
    merged = {**request.query, **form}
    if "Action" in merged:
        request.protocol = "ec2" if request.service == "ec2" else "query"
        request.params = {name: values[0] for name, values in merged.items()}
        request.operation = request.params["Action"]
        request.service = request.service or _UNSIGNED_ACTIONS.get(request.operation, "")
        return
    request.protocol = "rest-xml" if request.service in _REST_XML_SERVICES else "rest-json"
    request.operation = _rest_operation(request) or f"{request.method}:{request.path}"


def botocore_service_name(request: AwsRequest) -> str:
    """botocore's name for the request's service ("" when the request names none)."""
    if request.service == "elasticloadbalancing" and request.params.get("Version") == "2012-06-01":
        return "elb"  # classic load balancers sign with the same name as ELBv2
    return _BOTOCORE_NAMES.get(request.service, request.service)


class _RestMatcher:
    """Names a REST operation from method, path, query and headers using botocore's model.

    Among the operations whose method and URI template fit, the one with the most
    required query keys and headers wins (PutObject vs CopyObject differ only by the
    required x-amz-copy-source header), then the one with the longest literal path, then
    one that is not deprecated (PutBucketLifecycleConfiguration over PutBucketLifecycle).
    """

    def __init__(self, service_model: Any):
        self.rules = []
        for name in service_model.operation_names:
            operation = service_model.operation_model(name)
            http = operation.http
            path, _, query = http.get("requestUri", "/").partition("?")
            pattern = "^"
            literal = 0
            for part in re.split(r"(\{[^}]+\})", path):
                if part.startswith("{"):
                    pattern += ".+" if part.endswith("+}") else "[^/]+"
                else:
                    pattern += re.escape(part)
                    literal += len(part)
            pattern += "/?$"
            queries = [item.split("=", 1) for item in query.split("&") if item]
            headers = []
            shape = operation.input_shape
            for member in shape.required_members if shape is not None else []:
                where = shape.members[member].serialization
                if where.get("location") == "querystring":
                    queries.append([where["name"]])
                elif where.get("location") == "header":
                    headers.append(where["name"].lower())
            rank = (literal, not operation.deprecated)
            self.rules.append(
                (http.get("method", "POST"), re.compile(pattern), queries, headers, rank, name)
            )

    def match(self, request: "AwsRequest", path: str) -> str | None:
        best = None
        for method, pattern, queries, headers, rank, name in self.rules:
            if method != request.method or not pattern.match(path):
                continue
            if not all(
                item[0] in request.query
                and (len(item) == 1 or request.query[item[0]][0] == item[1])
                for item in queries
            ):
                continue
            if not all(header in request.headers for header in headers):
                continue
            score = (len(queries) + len(headers), *rank)
            if best is None or score > best[0]:
                best = (score, name)
        return best[1] if best else None


_matchers: dict[str, _RestMatcher | None] = {}
_matchers_lock = threading.Lock()


def _rest_operation(request: AwsRequest) -> str | None:
    service = request.service
    with _matchers_lock:
        if service not in _matchers:
            import botocore.session

            try:
                model = botocore.session.get_session().get_service_model(
                    _BOTOCORE_NAMES.get(service, service)
                )
                _matchers[service] = _RestMatcher(model)
            except Exception:  # no model for this signing name: leave it unnamed
                _matchers[service] = None
        matcher = _matchers[service]
    if matcher is None:
        return None
    path = urllib.parse.unquote(request.path)
    return matcher.match(request, path)
