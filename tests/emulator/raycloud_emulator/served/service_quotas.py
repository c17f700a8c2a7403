"""Service Quotas for `ec2` (moto knows only `vpc`), and the `vpc` calls moto lacks.

moto 5.2.1 answers GetServiceQuota and ListAWSDefaultServiceQuotas for `vpc` only. We
answer every call for `ec2` (on-demand and spot vCPU quotas, Elastic IPs) and, for `vpc`,
ListServiceQuotas and GetAWSDefaultServiceQuota from moto's own table. Applied values can
be set through the control API (`POST /_emulator/quotas`) so a test can run out of quota;
a `vpc` GetServiceQuota goes to moto unless such a value was set.
"""

from __future__ import annotations

from typing import Any

from ..aws_request import AwsRequest
from ..protocols import Response, error, json_ok
from . import ServedState
from .paging import page


def _ec2_quota(code: str, name: str, value: float, usage_class: str | None) -> dict[str, Any]:
    quota: dict[str, Any] = {
        "ServiceCode": "ec2",
        "ServiceName": "Amazon Elastic Compute Cloud (Amazon EC2)",
        "QuotaCode": code,
        "QuotaName": name,
        "Value": value,
        "Unit": "None",
        "Adjustable": True,
        "GlobalQuota": False,
    }
    if usage_class:  # the vCPU quotas are measured by this CloudWatch usage metric
        quota["UsageMetric"] = {
            "MetricNamespace": "AWS/Usage",
            "MetricName": "ResourceCount",
            "MetricDimensions": {
                "Class": usage_class,
                "Resource": "vCPU",
                "Service": "EC2",
                "Type": "Resource",
            },
            "MetricStatisticRecommendation": "Maximum",
        }
    return quota


# AWS default values (what a new account gets before any increase).
_EC2_DEFAULTS = [
    _ec2_quota("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
               5.0, "Standard/OnDemand"),
    _ec2_quota("L-DB2E81BA", "Running On-Demand G and VT instances", 0.0, "G/OnDemand"),
    _ec2_quota("L-417A185B", "Running On-Demand P instances", 0.0, "P/OnDemand"),
    _ec2_quota("L-34B43A08", "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests",
               5.0, "Standard/Spot"),
    _ec2_quota("L-3819A6DF", "All G and VT Spot Instance Requests", 0.0, "G/Spot"),
    _ec2_quota("L-7212CCBC", "All P Spot Instance Requests", 0.0, "P/Spot"),
    _ec2_quota("L-0263D0A3", "EC2-VPC Elastic IPs", 5.0, None),
]


def _defaults(service_code: str) -> list[dict[str, Any]] | None:
    if service_code == "ec2":
        return _EC2_DEFAULTS
    if service_code == "vpc":
        from moto.servicequotas.resources.default_quotas.vpc import VPC_DEFAULT_QUOTAS

        return VPC_DEFAULT_QUOTAS
    return None


def _with_arn(request: AwsRequest, quota: dict[str, Any], applied: bool) -> dict[str, Any]:
    quota = dict(quota)
    account = request.account_id() if applied else ""
    quota["QuotaArn"] = (
        f"arn:aws:servicequotas:{request.region}:{account}:{quota['ServiceCode']}/"
        f"{quota['QuotaCode']}"
    )
    return quota


def _override(state: ServedState, request: AwsRequest, service: str, code: str) -> float | None:
    with state.lock:
        for region in (request.region, "*"):
            value = state.quota_overrides.get((region, service, code))
            if value is not None:
                return value
    return None


def _applied(request: AwsRequest, state: ServedState, quota: dict[str, Any]) -> dict[str, Any]:
    quota = _with_arn(request, quota, applied=True)
    value = _override(state, request, quota["ServiceCode"], quota["QuotaCode"])
    if value is not None:
        quota["Value"] = value
    return quota


def _no_such(request: AwsRequest, what: str) -> Response:
    return error(request, "NoSuchResourceException", f"The request failed because {what}.")


def _find(request: AwsRequest) -> tuple[list[dict[str, Any]] | None, dict[str, Any] | None]:
    defaults = _defaults(str(request.params.get("ServiceCode", "")))
    code = request.params.get("QuotaCode")
    quota = next((q for q in defaults or [] if q["QuotaCode"] == code), None)
    return defaults, quota


def _get(request: AwsRequest, state: ServedState) -> Response | None:
    service = str(request.params.get("ServiceCode", ""))
    code = str(request.params.get("QuotaCode", ""))
    if service == "vpc" and _override(state, request, service, code) is None:
        return None  # moto answers this one
    defaults, quota = _find(request)
    if defaults is None:
        return None if service != "ec2" else _no_such(request, "the service is unknown")
    if quota is None:
        return _no_such(request, f"the quota {code} does not exist")
    return json_ok(request, {"Quota": _applied(request, state, quota)})


def _get_default(request: AwsRequest, state: ServedState) -> Response | None:
    defaults, quota = _find(request)
    if defaults is None:
        return _no_such(request, "the service is unknown")
    if quota is None:
        return _no_such(request, f"the quota {request.params.get('QuotaCode')} does not exist")
    return json_ok(request, {"Quota": _with_arn(request, quota, applied=False)})


def _list(request: AwsRequest, state: ServedState) -> Response | None:
    defaults = _defaults(str(request.params.get("ServiceCode", "")))
    if defaults is None:
        return _no_such(request, "the service is unknown")
    quotas = [_applied(request, state, q) for q in defaults]
    code = request.params.get("QuotaCode")
    if code:
        quotas = [q for q in quotas if q["QuotaCode"] == code]
    items, token = page(request, quotas)
    return json_ok(request, {"Quotas": items, **({"NextToken": token} if token else {})})


def _list_defaults(request: AwsRequest, state: ServedState) -> Response | None:
    if request.params.get("ServiceCode") != "ec2":
        return None  # moto answers vpc (and refuses the rest)
    items, token = page(request, [_with_arn(request, q, applied=False) for q in _EC2_DEFAULTS])
    return json_ok(request, {"Quotas": items, **({"NextToken": token} if token else {})})


HANDLERS = {
    "servicequotas:GetServiceQuota": _get,
    "servicequotas:GetAWSDefaultServiceQuota": _get_default,
    "servicequotas:ListServiceQuotas": _list,
    "servicequotas:ListAWSDefaultServiceQuotas": _list_defaults,
}


def set_quota(state: ServedState, spec: dict[str, Any]) -> dict[str, Any]:
    """Control API: set an applied quota value, for one region or (`*`) all of them."""
    service = str(spec.get("service_code", ""))
    code = str(spec.get("quota_code", ""))
    defaults = _defaults(service)
    if defaults is None or not any(q["QuotaCode"] == code for q in defaults):
        raise ValueError(f"unknown quota {service}/{code}")
    region = str(spec.get("region", "*"))
    with state.lock:
        state.quota_overrides[(region, service, code)] = float(spec["value"])
    return {"service_code": service, "quota_code": code, "region": region,
            "value": float(spec["value"])}
