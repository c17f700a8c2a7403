"""MemoryDB parameter groups (json protocol, target AmazonMemoryDB.*), which moto lacks.

Create/Describe/Delete/UpdateParameterGroup and DescribeParameters over a small set of
real MemoryDB parameters per family. Default groups (`default.memorydb-redis7`, ...)
exist in every region and cannot be changed or deleted, as in AWS.
"""

from __future__ import annotations

from typing import Any

from ..aws_request import AwsRequest
from ..protocols import Response, error, json_ok
from . import ServedState
from .paging import page

# name: (default, data type, allowed values, description)
_PARAMETERS: dict[str, tuple[str, str, str, str]] = {
    "acllog-max-len": ("128", "integer", "1-10000", "The maximum length of the ACL log"),
    "activedefrag": ("no", "string", "yes,no", "Enabled active memory defragmentation"),
    "active-defrag-cycle-max": (
        "75", "integer", "1-75", "Maximal effort for defrag in CPU percentage"),
    "active-defrag-cycle-min": (
        "5", "integer", "1-75", "Minimal effort for defrag in CPU percentage"),
    "lfu-decay-time": ("1", "integer", "0-", "The amount of time in minutes to decrement "
                       "the key counter for LFU eviction policy"),
    "lfu-log-factor": ("10", "integer", "1-", "The log factor for incrementing key counter "
                       "for LFU eviction policy"),
    "lua-time-limit": ("5000", "integer", "5000",
                       "Max execution time of a Lua script in milliseconds"),
    "maxmemory-policy": (
        "noeviction",
        "string",
        "volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,"
        "volatile-ttl,noeviction",
        "Max memory policy",
    ),
    "maxmemory-samples": ("3", "integer", "1-", "Max memory samples"),
    "notify-keyspace-events": ("", "string", "",
                               "The keyspace events for Redis to notify Pub/Sub clients about"),
    "tcp-keepalive": ("300", "integer", "0-",
                      "Close the connection if client is idle for a given number of seconds"),
    "timeout": ("0", "integer", "0,20-",
                "Close connection if client is idle for a given number of seconds"),
}
_FAMILIES = ("memorydb_redis6", "memorydb_redis7", "memorydb_valkey7")


def _defaults() -> dict[str, dict[str, Any]]:
    return {
        "default." + family.replace("_", "-"): {
            "Name": "default." + family.replace("_", "-"),
            "Family": family,
            "Description": f"Default parameter group for {family}",
            "values": {},
        }
        for family in _FAMILIES
    }


def _groups(request: AwsRequest, state: ServedState) -> dict[str, dict[str, Any]]:
    groups = state.scope("memorydb-parameter-groups", request)
    if not groups:
        groups.update(_defaults())
    return groups


def _public(request: AwsRequest, group: dict[str, Any]) -> dict[str, Any]:
    return {
        "Name": group["Name"],
        "Family": group["Family"],
        "Description": group["Description"],
        "ARN": f"arn:aws:memorydb:{request.region}:{request.account_id()}:parametergroup/"
        f"{group['Name']}",
    }


def _not_found(request: AwsRequest, name: str) -> Response:
    return error(request, "ParameterGroupNotFoundFault", f"Parameter group {name} not found.")


def _create(request: AwsRequest, state: ServedState) -> Response:
    name = str(request.params.get("ParameterGroupName", ""))
    family = str(request.params.get("Family", ""))
    if not name:
        return error(request, "InvalidParameterValueException", "ParameterGroupName is required")
    if family not in _FAMILIES:
        return error(request, "InvalidParameterValueException", f"Invalid family {family!r}")
    with state.lock:
        groups = _groups(request, state)
        if name in groups:
            return error(
                request,
                "ParameterGroupAlreadyExistsFault",
                f"Parameter group {name} already exists.",
            )
        groups[name] = {
            "Name": name,
            "Family": family,
            "Description": str(request.params.get("Description", "")),
            "values": {},
            "tags": _tag_map(request.params.get("Tags")),
        }
        return json_ok(request, {"ParameterGroup": _public(request, groups[name])})


def _describe_groups(request: AwsRequest, state: ServedState) -> Response:
    name = request.params.get("ParameterGroupName")
    with state.lock:
        groups = _groups(request, state)
        if name and name not in groups:
            return _not_found(request, name)
        selected = [groups[name]] if name else [groups[key] for key in sorted(groups)]
        items, token = page(request, [_public(request, g) for g in selected])
    payload: dict[str, Any] = {"ParameterGroups": items}
    if token:
        payload["NextToken"] = token
    return json_ok(request, payload)


def _delete(request: AwsRequest, state: ServedState) -> Response:
    name = str(request.params.get("ParameterGroupName", ""))
    with state.lock:
        groups = _groups(request, state)
        if name not in groups:
            return _not_found(request, name)
        if name.startswith("default."):
            return error(
                request, "InvalidParameterGroupStateFault",
                f"Default parameter group {name} cannot be deleted.",
            )
        group = groups.pop(name)
        return json_ok(request, {"ParameterGroup": _public(request, group)})


def _valid(name: str, value: str) -> bool:
    _, data_type, allowed, _ = _PARAMETERS[name]
    if data_type == "string":
        return not allowed or value in allowed.split(",")
    if not value.lstrip("-").isdigit():
        return False
    number = int(value)
    for part in allowed.split(","):
        low, dash, high = part.partition("-")
        if not dash and number == int(low):
            return True
        if dash and number >= int(low) and (not high or number <= int(high)):
            return True
    return False


def _update(request: AwsRequest, state: ServedState) -> Response:
    name = str(request.params.get("ParameterGroupName", ""))
    changes = request.params.get("ParameterNameValues") or []
    with state.lock:
        groups = _groups(request, state)
        if name not in groups:
            return _not_found(request, name)
        if name.startswith("default."):
            return error(
                request, "InvalidParameterGroupStateFault",
                f"Default parameter group {name} cannot be modified.",
            )
        for change in changes:
            parameter = str(change.get("ParameterName", ""))
            value = str(change.get("ParameterValue", ""))
            if parameter not in _PARAMETERS:
                return error(
                    request, "InvalidParameterValueException", f"Unknown parameter {parameter}"
                )
            if not _valid(parameter, value):
                return error(
                    request, "InvalidParameterValueException",
                    f"Invalid value {value!r} for parameter {parameter}",
                )
        for change in changes:
            groups[name]["values"][change["ParameterName"]] = str(change["ParameterValue"])
        return json_ok(request, {"ParameterGroup": _public(request, groups[name])})


def _describe_parameters(request: AwsRequest, state: ServedState) -> Response:
    name = str(request.params.get("ParameterGroupName", ""))
    with state.lock:
        groups = _groups(request, state)
        if name not in groups:
            return _not_found(request, name)
        group = groups[name]
        parameters = [
            {
                "Name": parameter,
                "Value": group["values"].get(parameter, default),
                "Description": description,
                "DataType": data_type,
                "AllowedValues": allowed,
                "MinimumEngineVersion": "6.2.4",
            }
            for parameter, (default, data_type, allowed, description) in sorted(
                _PARAMETERS.items()
            )
        ]
        items, token = page(request, parameters)
    payload: dict[str, Any] = {"Parameters": items}
    if token:
        payload["NextToken"] = token
    return json_ok(request, payload)


def _tag_map(tags: Any) -> dict[str, str]:
    return {str(t.get("Key", "")): str(t.get("Value", "")) for t in tags or [] if isinstance(t, dict)}


def _tagged_group(request: AwsRequest, state: ServedState) -> tuple[dict | None, Response | None]:
    """The parameter group a tagging call names, or (None, None) when the ARN is not a
    parameter group's (moto answers for clusters, subnet groups, ...)."""
    arn = str(request.params.get("ResourceArn", ""))
    if ":parametergroup/" not in arn:
        return None, None
    name = arn.rsplit("/", 1)[-1]
    group = _groups(request, state).get(name)
    if group is None:
        return None, _not_found(request, name)
    return group, None


def _list_tags(request: AwsRequest, state: ServedState) -> Response | None:
    with state.lock:
        group, refusal = _tagged_group(request, state)
        if group is None:
            return refusal
        tags = group.setdefault("tags", {})
        return json_ok(request, {"TagList": [{"Key": k, "Value": v} for k, v in tags.items()]})


def _tag_resource(request: AwsRequest, state: ServedState) -> Response | None:
    with state.lock:
        group, refusal = _tagged_group(request, state)
        if group is None:
            return refusal
        tags = group.setdefault("tags", {})
        tags.update(_tag_map(request.params.get("Tags")))
        return json_ok(request, {"TagList": [{"Key": k, "Value": v} for k, v in tags.items()]})


def _untag_resource(request: AwsRequest, state: ServedState) -> Response | None:
    with state.lock:
        group, refusal = _tagged_group(request, state)
        if group is None:
            return refusal
        tags = group.setdefault("tags", {})
        for key in request.params.get("TagKeys") or []:
            tags.pop(str(key), None)
        return json_ok(request, {"TagList": [{"Key": k, "Value": v} for k, v in tags.items()]})


HANDLERS = {
    "memorydb:ListTags": _list_tags,
    "memorydb:TagResource": _tag_resource,
    "memorydb:UntagResource": _untag_resource,
    "memorydb:CreateParameterGroup": _create,
    "memorydb:DescribeParameterGroups": _describe_groups,
    "memorydb:DeleteParameterGroup": _delete,
    "memorydb:UpdateParameterGroup": _update,
    "memorydb:DescribeParameters": _describe_parameters,
}
