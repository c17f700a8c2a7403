"""EC2 client-token idempotency, which moto lacks for most creates.

AWS answers a create repeated with the same `ClientToken` with the first call's result
instead of creating a second resource (CreateRouteTable, CreateNatGateway,
CreateVpcEndpoint, RunInstances, ...). Clients rely on it to retry a create whose answer
was lost; without it a `reset_after_apply` fault makes a duplicate that AWS never would.
"""

from __future__ import annotations

import threading

from .aws_request import AwsRequest
from .protocols import Response


class ClientTokens:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: dict[tuple[str, str, str, str], Response] = {}

    @staticmethod
    def _key(request: AwsRequest) -> tuple[str, str, str, str] | None:
        token = request.params.get("ClientToken") if request.service == "ec2" else None
        if not token or not isinstance(token, str):
            return None
        return (request.account_id(), request.region, request.operation, token)

    def replay(self, request: AwsRequest) -> Response | None:
        """The first answer to this call's token, if the call was made before."""
        key = self._key(request)
        if key is None:
            return None
        with self._lock:
            first = self._answers.get(key)
        if first is None:
            return None
        return Response(first.status, list(first.headers), first.body)

    def remember(self, request: AwsRequest, response: Response) -> None:
        key = self._key(request)
        if key is not None and 200 <= response.status < 300:
            with self._lock:
                self._answers.setdefault(key, Response(response.status, list(response.headers),
                                                       response.body))

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
