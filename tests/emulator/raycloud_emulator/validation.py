"""Every AWS request is checked against botocore's model of its operation.

The request is parsed back into parameters with moto's model-driven parsers (the ones moto
itself uses, chosen the way moto chooses them), then botocore's ParamValidator checks them
against the operation's input shape: missing required members, wrong types, unknown
members. A request that fails is answered with a 400 `RaycloudEmulatorInvalidRequest` in
the protocol's error format and recorded, so a client bug fails loudly instead of being
absorbed by moto's lenient handlers.

Where moto's parsers are more lenient than the wire format (they turn "5" into 5 and a
string into a list of characters in JSON; they ignore query keys no member claims), the
subclasses below keep the offending value so the validator reports it.
"""

from __future__ import annotations

import collections
import io
import re
import sys
import threading
import traceback
from typing import Any

from . import protocols
from .aws_request import AwsRequest, botocore_service_name, decoded_body, raw_path
from .protocols import Response

ERROR_CODE = "RaycloudEmulatorInvalidRequest"
# Query keys that carry the call itself or a presigned signature, not operation input.
_QUERY_ENVELOPE = {"Action", "Version"}
_MAX_VIOLATIONS = 1_000


def _parsers() -> dict[str, type]:
    """moto's parsers, made strict where they would coerce a wrongly typed value."""
    from moto.core import parse

    class TrackingQueryMixin:
        """Remembers which query keys a member claimed; the rest are unknown parameters."""

        consumed: set[str]

        def _default_handle(self, shape, value, prefix=""):
            found = value.get(prefix, parse.UNDEFINED)
            if found is not parse.UNDEFINED:
                self.consumed.add(prefix)
            return super()._default_handle(shape, value, prefix)

        def _parse_list(self, shape, node, prefix=""):
            if node.get(prefix, parse.UNDEFINED) == "":  # the query form of an empty list
                self.consumed.add(prefix)
            return super()._parse_list(shape, node, prefix)

    class Query(TrackingQueryMixin, parse.QueryParser):
        pass

    class EC2Query(TrackingQueryMixin, parse.EC2QueryParser):
        pass

    class StrictJSONMixin:
        """JSON carries types: a value of the wrong JSON type is passed on unchanged (the
        validator then names it) and members the model lacks are kept (reported unknown)."""

        def _parse_structure(self, shape, value):
            if shape.is_document_type or not isinstance(value, dict):
                return value
            parsed = super()._parse_structure(shape, value)
            known = {m.serialization.get("name", n) for n, m in shape.members.items()}
            for key, raw in value.items():
                if key not in known:
                    parsed[key] = raw
            return parsed

        def _parse_list(self, shape, node):
            if not isinstance(node, list):
                return node
            return super()._parse_list(shape, node)

        def _parse_map(self, shape, value):
            if not isinstance(value, dict):
                return value
            return super()._parse_map(shape, value)

        def _parse_integer(self, shape, value):
            if isinstance(value, bool) or not isinstance(value, int):
                return value
            return super()._parse_integer(shape, value)

        _parse_long = _parse_integer

        def _parse_float(self, shape, value):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return value
            return super()._parse_float(shape, value)

        _parse_double = _parse_float

    class BlobPayloadMixin:
        """moto decodes a blob payload (S3 PutObject's Body) as UTF-8 and fails on binary
        data; botocore sends the bytes as they are, so we keep them as bytes."""

        def _parse_payload(self, response, shape, member_shapes, final_parsed):
            name = shape.serialization.get("payload")
            if name and member_shapes[name].type_name == "blob":
                if response["body"]:
                    final_parsed[name] = response["body"]
                return
            super()._parse_payload(response, shape, member_shapes, final_parsed)

    class JSON(StrictJSONMixin, parse.JSONParser):
        pass

    class RestJSON(BlobPayloadMixin, StrictJSONMixin, parse.RestJSONParser):
        # Members in the URI, query string and headers arrive as text; body members as JSON.
        def _parse_integer(self, shape, value):
            if isinstance(value, str) and shape.serialization.get("location"):
                return parse.RestJSONParser._parse_integer(self, shape, value)
            return super()._parse_integer(shape, value)

        _parse_long = _parse_integer

        def _parse_boolean(self, shape, value):
            if isinstance(value, str) and not shape.serialization.get("location"):
                return value
            return super()._parse_boolean(shape, value)

    class RestXML(BlobPayloadMixin, parse.RestXMLParser):
        pass

    return {
        "query": Query,
        "ec2": EC2Query,
        "json": JSON,
        "rest-json": RestJSON,
        "rest-xml": RestXML,
    }


class RequestValidator:
    """Checks requests and keeps the tally; `clear()` on reset."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._lock = threading.Lock()
        self._checked: collections.Counter[str] = collections.Counter()
        self._violations: list[dict[str, str]] = []
        self._parser_classes: dict[str, type] | None = None
        self._uri_patterns: dict[tuple[str, str], tuple[re.Pattern, list[str]]] = {}

    # ---- state ------------------------------------------------------------------------------
    def clear(self) -> None:
        with self._lock:
            self._checked.clear()
            self._violations.clear()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "enabled": self.enabled,
                "checked": sum(self._checked.values()),
                "checked_by_service": dict(sorted(self._checked.items())),
                "violations": list(self._violations),
            }

    # ---- checking ---------------------------------------------------------------------------
    def check(self, request: AwsRequest, environ: dict[str, Any]) -> Response | None:
        """None if the request fits its operation's model, else the 400 to answer."""
        if not self.enabled:
            return None
        try:
            report = self.report(request, environ)
        except Exception as exc:  # our bug, not the client's; still fail loudly
            traceback.print_exc(file=sys.stderr)
            report = f"the emulator's validation failed: {exc!r}"
        with self._lock:
            self._checked[request.service or "unknown"] += 1
            if report and len(self._violations) < _MAX_VIOLATIONS:
                self._violations.append(
                    {"service": request.service, "operation": request.operation,
                     "report": report}
                )
        if not report:
            return None
        return protocols.error(request, ERROR_CODE, report, 400)

    def report(self, request: AwsRequest, environ: dict[str, Any]) -> str:
        """What is wrong with the request, or "" when nothing is."""
        from botocore.exceptions import UnknownServiceError
        from botocore.model import OperationNotFoundError
        from botocore.validate import ParamValidator
        from moto.core.request import determine_request_protocol
        from moto.core.utils import get_service_model

        name = botocore_service_name(request)
        if not name:
            return "the request names no service (no SigV4 credential scope)"
        try:
            service_model = get_service_model(name)
        except UnknownServiceError:
            return f"botocore has no model for service {request.service!r}"
        try:
            operation_model = service_model.operation_model(request.operation)
        except OperationNotFoundError:
            return f"{name} has no operation matching {request.operation!r}"
        if operation_model.input_shape is None:
            return ""
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        try:
            protocol = determine_request_protocol(service_model, content_type)
        except NotImplementedError as exc:
            return f"unexpected Content-Type {content_type!r}: {exc}"
        if self._parser_classes is None:
            self._parser_classes = _parsers()
        parser = self._parser_classes[protocol](operation_model)
        parser.consumed = set()
        try:
            params = parser.parse(self._request_dict(request, environ, operation_model))
        except Exception as exc:  # a value the wire format cannot hold is a violation too
            return f"cannot parse the request as {name}.{request.operation}: {exc!r}"
        problems = []
        if protocol in ("query", "ec2"):
            unknown = sorted(
                key for key in self._values(request, environ)
                if key not in parser.consumed and key not in _QUERY_ENVELOPE
                and not key.startswith("X-Amz-")
            )
            problems += [f'Unknown parameter in request: "{key}"' for key in unknown]
        result = ParamValidator().validate(params, operation_model.input_shape)
        if result.has_errors():
            problems.append(result.generate_report())
        return "\n".join(problems)

    # ---- the request in the shape moto's parsers read -----------------------------------------
    @staticmethod
    def _values(request: AwsRequest, environ: dict[str, Any]) -> Any:
        from werkzeug.wrappers import Request

        copy = dict(environ)
        copy["wsgi.input"] = io.BytesIO(decoded_body(request))
        copy["CONTENT_LENGTH"] = str(len(decoded_body(request)))
        return Request(copy).values

    def _request_dict(
        self, request: AwsRequest, environ: dict[str, Any], operation_model: Any
    ) -> dict[str, Any]:
        from werkzeug.datastructures import EnvironHeaders

        return {
            "method": request.method,
            "values": self._values(request, environ),
            "headers": EnvironHeaders(environ),
            "body": decoded_body(request),
            "url_path": request.path,
            "url_params": self._uri_params(operation_model, raw_path(environ)),
        }

    def _uri_params(self, operation_model: Any, raw_path: str) -> dict[str, str]:
        """The URI template's labels filled from the (still percent-encoded) path."""
        key = (operation_model.service_model.service_name, operation_model.name)
        if key not in self._uri_patterns:
            template = operation_model.http.get("requestUri", "/").split("?")[0]
            pattern, names = "^", []
            for part in re.split(r"(\{[^}]+\})", template):
                if part.startswith("{"):
                    label = part[1:-1]
                    greedy = label.endswith("+")
                    names.append(label.rstrip("+"))
                    pattern += f"(?P<g{len(names) - 1}>{'.+' if greedy else '[^/]+'})"
                else:
                    pattern += re.escape(part)
            self._uri_patterns[key] = (re.compile(pattern + "/?$"), names)
        compiled, names = self._uri_patterns[key]
        match = compiled.match(raw_path)
        if not match:
            return {}
        return {names[int(group[1:])]: value for group, value in match.groupdict().items()}
