"""EC2 placement groups (Create/Describe/DeletePlacementGroup), which moto lacks."""

from __future__ import annotations

import secrets
from typing import Any
from xml.sax.saxutils import escape

from ..aws_request import AwsRequest
from ..protocols import Response, ec2_ok, error
from . import ServedState

_STRATEGIES = {"cluster", "spread", "partition"}


def _groups(request: AwsRequest, state: ServedState) -> dict[str, dict[str, Any]]:
    return state.scope("ec2-placement-groups", request)


def _tags(request: AwsRequest) -> list[tuple[str, str]]:
    tags = []
    for n in range(1, 100):
        prefix = f"TagSpecification.{n}."
        if prefix + "ResourceType" not in request.params:
            break
        for m in range(1, 100):
            key = request.params.get(f"{prefix}Tag.{m}.Key")
            if key is None:
                break
            tags.append((key, request.params.get(f"{prefix}Tag.{m}.Value", "")))
    return tags


def _item_xml(tag: str, group: dict[str, Any]) -> str:
    extra = ""
    if group["strategy"] == "partition":
        extra += f"<partitionCount>{group['partition_count']}</partitionCount>"
    if group["strategy"] == "spread":
        extra += f"<spreadLevel>{group['spread_level']}</spreadLevel>"
    tags = "".join(
        f"<item><key>{escape(k)}</key><value>{escape(v)}</value></item>" for k, v in group["tags"]
    )
    return (
        f"<{tag}><groupName>{escape(group['name'])}</groupName><state>available</state>"
        f"<strategy>{group['strategy']}</strategy>{extra}<groupId>{group['id']}</groupId>"
        f"<tagSet>{tags}</tagSet><groupArn>{escape(group['arn'])}</groupArn></{tag}>"
    )


def _create(request: AwsRequest, state: ServedState) -> Response:
    name = request.params.get("GroupName", "")
    strategy = request.params.get("Strategy", "")
    if not name:
        return error(
            request, "MissingParameter", "The request must contain the parameter GroupName"
        )
    if strategy not in _STRATEGIES:
        return error(
            request,
            "InvalidParameterValue",
            f"Value ({strategy}) for parameter strategy is invalid.",
        )
    partition_count = int(request.params.get("PartitionCount") or 2)
    if strategy == "partition" and not 1 <= partition_count <= 7:
        return error(request, "InvalidParameterValue", "PartitionCount must be between 1 and 7.")
    with state.lock:
        groups = _groups(request, state)
        if name in groups:
            return error(
                request,
                "InvalidPlacementGroup.Duplicate",
                f"The Placement Group '{name}' already exists.",
            )
        groups[name] = {
            "name": name,
            "strategy": strategy,
            "partition_count": partition_count,
            "spread_level": request.params.get("SpreadLevel") or "rack",
            "id": "pg-" + secrets.token_hex(9)[:17],
            "arn": f"arn:aws:ec2:{request.region}:{request.account_id()}:placement-group/{name}",
            "tags": _tags(request),
        }
        return ec2_ok("CreatePlacementGroup", _item_xml("placementGroup", groups[name]))


def _filters(request: AwsRequest) -> list[tuple[str, list[str]]]:
    filters = []
    for n in range(1, 100):
        name = request.params.get(f"Filter.{n}.Name")
        if name is None:
            break
        filters.append((name, request.list_param(f"Filter.{n}.Value")))
    return filters


_FILTER_FIELDS = {"group-name": "name", "strategy": "strategy", "group-id": "id"}


def _describe(request: AwsRequest, state: ServedState) -> Response:
    names = request.list_param("GroupName")
    ids = request.list_param("GroupId")
    with state.lock:
        groups = list(_groups(request, state).values())
    for name in names:
        if not any(g["name"] == name for g in groups):
            return error(
                request,
                "InvalidPlacementGroup.Unknown",
                f"The Placement Group '{name}' is unknown.",
            )
    for group_id in ids:
        if not any(g["id"] == group_id for g in groups):
            return error(
                request, "InvalidPlacementGroupId.NotFound",
                f"The Placement Group ID '{group_id}' does not exist.",
            )
    selected = [
        g
        for g in groups
        if (not names or g["name"] in names)
        and (not ids or g["id"] in ids)
        and all(
            field not in _FILTER_FIELDS or g[_FILTER_FIELDS[field]] in values
            for field, values in _filters(request)
        )
    ]
    items = "".join(_item_xml("item", g) for g in selected)
    return ec2_ok("DescribePlacementGroups", f"<placementGroupSet>{items}</placementGroupSet>")


def _delete(request: AwsRequest, state: ServedState) -> Response:
    name = request.params.get("GroupName", "")
    with state.lock:
        groups = _groups(request, state)
        if name not in groups:
            return error(
                request,
                "InvalidPlacementGroup.Unknown",
                f"The Placement Group '{name}' is unknown.",
            )
        del groups[name]
    return ec2_ok("DeletePlacementGroup", "<return>true</return>")


HANDLERS = {
    "ec2:CreatePlacementGroup": _create,
    "ec2:DescribePlacementGroups": _describe,
    "ec2:DeletePlacementGroup": _delete,
}
