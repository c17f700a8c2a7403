"""Holds resources in their transitional states for a while, as AWS does.

moto makes everything `available` at once. We note when each resource was created (or
deleted) as its create/delete answer passes through, and while its hold time has not
elapsed we rewrite describe answers to show `pending` / `creating` / `deleting`.
Hold times are configured per kind, in seconds, and multiplied by a global time scale so a
test can keep realistic durations and still run fast; or a test can keep real durations
and move the tracker's clock forward (`advance`) instead of sleeping. All holds default
to 0 (off).
"""

from __future__ import annotations

import json
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Callable

from .aws_request import AwsRequest
from .protocols import Response, error

# ElementTree's prefix registry is global; rewriting documents of different namespaces
# (moto writes EC2's without the trailing slash AWS uses) must not interleave.
_XML_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Kind:
    settled: str  # the state moto reports
    held: str  # the state we show while the hold lasts


KINDS = {
    "nat_gateway": _Kind("available", "pending"),
    "nat_gateway_delete": _Kind("deleted", "deleting"),
    "instance": _Kind("running", "pending"),
    "instance_terminate": _Kind("terminated", "shutting-down"),
    "vpc_endpoint": _Kind("available", "pending"),
    "efs_file_system": _Kind("available", "creating"),
    "efs_mount_target": _Kind("available", "creating"),
    "memorydb_cluster": _Kind("available", "creating"),
}
_INSTANCE_CODES = {"pending": "0", "running": "16", "shutting-down": "32", "terminated": "48"}


class PendingTracker:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._durations: dict[str, float] = {}
        self._time_scale = 1.0
        self._started: dict[tuple[str, str], float] = {}
        self._offset = 0.0  # added to the clock by advance()

    def _now(self) -> float:
        return self._clock() + self._offset

    # ---- configuration -------------------------------------------------------------
    def configure(self, spec: dict[str, Any]) -> None:
        """{"durations": {"nat_gateway": 60, ...}, "time_scale": 0.01}; unknown kinds fail."""
        durations = {}
        for kind, seconds in (spec.get("durations") or {}).items():
            if kind not in KINDS:
                raise ValueError(f"unknown pending kind {kind!r}; known: {sorted(KINDS)}")
            if float(seconds) < 0:
                raise ValueError("durations must not be negative")
            durations[kind] = float(seconds)
        scale = float(spec.get("time_scale", 1.0))
        if scale < 0:
            raise ValueError("time_scale must not be negative")
        with self._lock:
            self._durations.update(durations)
            self._time_scale = scale

    def clear(self) -> None:
        with self._lock:
            self._durations = {}
            self._time_scale = 1.0
            self._started = {}
            self._offset = 0.0

    def advance(self, seconds: float) -> None:
        """Moves this tracker's clock forward: held states end as if time had passed."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._offset += seconds

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {
                "durations": dict(self._durations),
                "time_scale": self._time_scale,
                "advanced_s": self._offset,
            }

    # ---- state -----------------------------------------------------------------------
    def start(self, kind: str, resource_id: str) -> None:
        with self._lock:
            self._started[(kind, resource_id)] = self._now()

    def held(self, kind: str, resource_id: str) -> bool:
        """Whether the resource is still in its transitional state."""
        with self._lock:
            started = self._started.get((kind, resource_id))
            if started is None:
                return False
            hold = self._durations.get(kind, 0.0) * self._time_scale
            return self._now() - started < hold

    # ---- the middleware's hooks ---------------------------------------------------------
    def check(self, request: AwsRequest) -> Response | None:
        """Refuses what AWS refuses on a resource still being created."""
        if request.key == "elasticfilesystem:CreateMountTarget":
            fs_id = request.params.get("FileSystemId") or _json(request.body).get(
                "FileSystemId", ""
            )
            if fs_id and self.held("efs_file_system", fs_id):
                return error(
                    request,
                    "IncorrectFileSystemLifeCycleState",
                    f"File system '{fs_id}' is in state 'creating'.",
                    409,
                )
        return None

    def after(self, request: AwsRequest, response: Response) -> None:
        """Notes creations/deletions and rewrites states in the answer, in place."""
        if not 200 <= response.status < 300:  # EFS creates answer 201
            return
        handler = _HANDLERS.get(request.key)
        if handler is not None:
            handler(self, request, response)


def _json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body or b"{}")
        return value if isinstance(value, dict) else {}
    except ValueError:
        return {}


# ---- EC2 (XML) ---------------------------------------------------------------------------
def _ec2_items(
    tracker: PendingTracker,
    response: Response,
    item_path: str,
    id_tag: str,
    kinds: list[str],
    record: bool,
    state_of: Callable[[ET.Element, dict[str, str]], Any],
) -> None:
    root = ET.fromstring(response.body)
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    ns = {"ec2": namespace}
    changed = False
    for item in root.findall(item_path, ns):
        id_element = item.find(f"ec2:{id_tag}", ns)
        state = state_of(item, ns)
        if id_element is None or state is None or not id_element.text:
            continue
        resource_id = id_element.text
        for kind in kinds:
            if record:
                tracker.start(kind, resource_id)
            if state.text == KINDS[kind].settled and tracker.held(kind, resource_id):
                state.text = KINDS[kind].held
                changed = True
    if changed:
        with _XML_LOCK:
            ET.register_namespace("", namespace)
            response.set_body(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _plain_state(item: ET.Element, ns: dict[str, str]) -> ET.Element | None:
    return item.find("ec2:state", ns)


class _InstanceState:
    """Reads and writes `instanceState/name`, keeping `code` in step."""

    def __init__(self, element: ET.Element, ns: dict[str, str]) -> None:
        self.element = element
        self.ns = ns

    @property
    def text(self) -> str | None:
        name = self.element.find("ec2:name", self.ns)
        return None if name is None else name.text

    @text.setter
    def text(self, value: str) -> None:
        self.element.find("ec2:name", self.ns).text = value  # type: ignore[union-attr]
        code = self.element.find("ec2:code", self.ns)
        if code is not None:
            code.text = _INSTANCE_CODES.get(value, code.text)


def _instance_state(item: ET.Element, ns: dict[str, str]) -> Any:
    state = item.find("ec2:instanceState", ns)
    if state is None:  # TerminateInstances answers with currentState
        state = item.find("ec2:currentState", ns)
    return None if state is None else _InstanceState(state, ns)


def _nat_created(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
    _ec2_items(t, resp, "ec2:natGateway", "natGatewayId", ["nat_gateway"], True, _plain_state)


def _nat_described(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
    _ec2_items(
        t,
        resp,
        "ec2:natGatewaySet/ec2:item",
        "natGatewayId",
        ["nat_gateway", "nat_gateway_delete"],
        False,
        _plain_state,
    )


def _nat_deleted(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
    nat_id = r.params.get("NatGatewayId")
    if nat_id:
        t.start("nat_gateway_delete", nat_id)


def _instances_run(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
    _ec2_items(t, resp, "ec2:instancesSet/ec2:item", "instanceId", ["instance"], True,
               _instance_state)


def _instances_described(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
    _ec2_items(
        t,
        resp,
        "ec2:reservationSet/ec2:item/ec2:instancesSet/ec2:item",
        "instanceId",
        ["instance", "instance_terminate"],
        False,
        _instance_state,
    )


def _instances_terminated(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
    _ec2_items(
        t, resp, "ec2:instancesSet/ec2:item", "instanceId", ["instance_terminate"], True,
        _instance_state,
    )


def _vpce_created(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
    _ec2_items(t, resp, "ec2:vpcEndpoint", "vpcEndpointId", ["vpc_endpoint"], True,
               _plain_state)


def _vpce_described(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
    _ec2_items(t, resp, "ec2:vpcEndpointSet/ec2:item", "vpcEndpointId", ["vpc_endpoint"],
               False, _plain_state)


# ---- JSON services (EFS is rest-json, MemoryDB json) -------------------------------------
def _json_items(
    select: Callable[[dict], list],
    id_of: Callable[[AwsRequest, dict], str],
    state_key: str,
    kind: str,
    record: bool,
) -> Callable[[PendingTracker, AwsRequest, Response], None]:
    """A handler for answers whose resources `select` picks out of the JSON payload."""

    def handle(t: PendingTracker, r: AwsRequest, resp: Response) -> None:
        payload = _json(resp.body)
        changed = False
        for item in select(payload):
            if not isinstance(item, dict) or not id_of(r, item):
                continue
            resource_id = id_of(r, item)
            if record:
                t.start(kind, resource_id)
            settled = str(item.get(state_key, "")).lower() == KINDS[kind].settled
            if settled and t.held(kind, resource_id):
                item[state_key] = KINDS[kind].held
                changed = True
        if changed:
            resp.set_body(json.dumps(payload).encode("utf-8"))

    return handle


def _whole(payload: dict) -> list:
    return [payload]


def _member(name: str) -> Callable[[dict], list]:
    def select(payload: dict) -> list:
        value = payload.get(name)
        return value if isinstance(value, list) else [value] if value else []

    return select


def _fs_id(r: AwsRequest, item: dict) -> str:
    return item.get("FileSystemId", "")


def _mt_id(r: AwsRequest, item: dict) -> str:
    return item.get("MountTargetId", "")


def _cluster_id(r: AwsRequest, item: dict) -> str:
    # MemoryDB clusters are named, not numbered: the name is unique per region.
    return f"{r.region}/{item['Name']}" if item.get("Name") else ""


_HANDLERS: dict[str, Callable[[PendingTracker, AwsRequest, Response], None]] = {
    "ec2:CreateNatGateway": _nat_created,
    "ec2:DescribeNatGateways": _nat_described,
    "ec2:DeleteNatGateway": _nat_deleted,
    "ec2:RunInstances": _instances_run,
    "ec2:DescribeInstances": _instances_described,
    "ec2:TerminateInstances": _instances_terminated,
    "ec2:CreateVpcEndpoint": _vpce_created,
    "ec2:DescribeVpcEndpoints": _vpce_described,
    "elasticfilesystem:CreateFileSystem": _json_items(
        _whole, _fs_id, "LifeCycleState", "efs_file_system", True
    ),
    "elasticfilesystem:DescribeFileSystems": _json_items(
        _member("FileSystems"), _fs_id, "LifeCycleState", "efs_file_system", False
    ),
    "elasticfilesystem:CreateMountTarget": _json_items(
        _whole, _mt_id, "LifeCycleState", "efs_mount_target", True
    ),
    "elasticfilesystem:DescribeMountTargets": _json_items(
        _member("MountTargets"), _mt_id, "LifeCycleState", "efs_mount_target", False
    ),
    "memorydb:CreateCluster": _json_items(
        _member("Cluster"), _cluster_id, "Status", "memorydb_cluster", True
    ),
    "memorydb:DescribeClusters": _json_items(
        _member("Clusters"), _cluster_id, "Status", "memorydb_cluster", False
    ),
}
