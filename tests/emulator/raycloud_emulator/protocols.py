"""Protocol-correct answers: errors in each AWS wire format, and success bodies.

Error shapes follow what AWS sends (and what botocore's parsers read):
  ec2       <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
  query     <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
  json      {"__type": "...", "message": "..."}
  rest-json x-amzn-ErrorType header plus {"message": "..."}
  rest-xml  <Error><Code/><Message/><RequestId/></Error>
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .aws_request import AwsRequest

EC2_XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/"


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def set_body(self, body: bytes) -> None:
        self.body = body
        self.headers = [(k, v) for k, v in self.headers if k.lower() != "content-length"]
        self.headers.append(("Content-Length", str(len(body))))


def new_request_id() -> str:
    return str(uuid.uuid4())


# The code and status AWS answers when it throttles, per protocol (S3 answers SlowDown,
# EC2 RequestLimitExceeded; botocore retries all of them as throttling).
_THROTTLE = {
    "ec2": ("RequestLimitExceeded", 503, "Request limit exceeded."),
    "query": ("Throttling", 400, "Rate exceeded"),
    "json": ("ThrottlingException", 400, "Rate exceeded"),
    "rest-json": ("ThrottlingException", 429, "Rate exceeded"),
    "rest-xml": ("SlowDown", 503, "Please reduce your request rate."),
}
_SERVER_ERRORS = {
    "ec2": {500: "InternalError", 503: "Unavailable"},
    "query": {500: "InternalFailure", 503: "ServiceUnavailable"},
    "json": {500: "InternalFailure", 503: "ServiceUnavailableException"},
    "rest-json": {500: "InternalFailure", 503: "ServiceUnavailableException"},
    "rest-xml": {500: "InternalError", 503: "ServiceUnavailable"},
}


def throttle_error(request: AwsRequest) -> Response:
    code, status, message = _THROTTLE.get(request.protocol, _THROTTLE["json"])
    return error(request, code, message, status)


def server_error(request: AwsRequest, status: int, code: str | None = None) -> Response:
    codes = _SERVER_ERRORS.get(request.protocol, _SERVER_ERRORS["json"])
    code = code or codes.get(status, codes[500])
    return error(request, code, "We encountered an internal error. Please try again.", status)


def error(request: AwsRequest, code: str, message: str, status: int = 400) -> Response:
    """An AWS error answer in the wire format of the request's protocol."""
    request_id = new_request_id()
    protocol = request.protocol or "json"
    if protocol == "ec2":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>"
        )
        return _text(status, "text/xml;charset=UTF-8", body, request_id)
    if protocol == "query":
        kind = "Receiver" if status >= 500 else "Sender"
        body = (
            "<ErrorResponse><Error>"
            f"<Type>{kind}</Type><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return _text(status, "text/xml", body, request_id)
    if protocol == "rest-xml":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
            f"<RequestId>{request_id}</RequestId></Error>"
        )
        response = _text(status, "application/xml", body, request_id)
        if request.method == "HEAD":  # S3 sends no body on HEAD; the status says it all
            response.set_body(b"")
        return response
    if protocol == "rest-json":
        response = _text(
            status, "application/json", json.dumps({"message": message}), request_id
        )
        response.headers.append(("x-amzn-ErrorType", code))
        return response
    content_type = request.headers.get("content-type") or "application/x-amz-json-1.1"
    body = json.dumps({"__type": code, "message": message})
    return _text(status, content_type, body, request_id)


def json_ok(request: AwsRequest, payload: dict) -> Response:
    """A 200 answer for json / rest-json protocols."""
    content_type = (
        request.headers.get("content-type") or "application/x-amz-json-1.1"
        if request.protocol == "json"
        else "application/json"
    )
    return _text(200, content_type, json.dumps(payload), new_request_id())


def ec2_ok(operation: str, inner_xml: str) -> Response:
    """A 200 EC2 answer: `<{operation}Response>` around the given members."""
    request_id = new_request_id()
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{operation}Response xmlns="{EC2_XMLNS}">'
        f"<requestId>{request_id}</requestId>{inner_xml}</{operation}Response>"
    )
    return _text(200, "text/xml;charset=UTF-8", body, request_id)


def _text(status: int, content_type: str, body: str, request_id: str) -> Response:
    data = body.encode("utf-8")
    return Response(
        status,
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(data))),
            ("x-amzn-RequestId", request_id),
            ("x-amz-request-id", request_id),
        ],
        data,
    )
