"""DependencyViolation where AWS answers it and moto lets the delete through.

AWS refuses to delete a subnet, security group or VPC that something still uses, and to
detach an internet gateway from a VPC with mapped public addresses. moto checks only a
few of these. Before such a delete reaches moto we look at moto's own backends (we run
in its process) and answer DependencyViolation in the EC2 format when AWS would.
Resources our pending layer still shows as `deleting` / `shutting-down` count as in use.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from .aws_request import AwsRequest
from .pending import PendingTracker
from .protocols import Response, error


def check(request: AwsRequest, pending: PendingTracker) -> Response | None:
    """A DependencyViolation answer if AWS would refuse this delete, else None."""
    rule = _CHECKS.get(request.key)
    if rule is None:
        return None
    try:
        message = rule(request, _Ec2View(request, pending))
    except Exception as exc:  # moto internals moved: let moto answer rather than break
        print(f"raycloud_emulator: dependency check skipped: {exc!r}", file=sys.stderr)
        return None
    if message is None:
        return None
    return error(request, "DependencyViolation", message, 400)


class _Ec2View:
    """Read-only questions about moto's EC2/EFS state for one account and region."""

    def __init__(self, request: AwsRequest, pending: PendingTracker) -> None:
        from moto.ec2.models import ec2_backends

        self.account = request.account_id()
        self.region = request.region
        self.ec2 = ec2_backends[self.account][self.region]
        self.pending = pending

    def live_instances(self) -> list[Any]:
        result = []
        for instance in self.ec2.all_instances():
            state = instance._state.name
            if state != "terminated" or self.pending.held("instance_terminate", instance.id):
                result.append(instance)
        return result

    def live_nat_gateways(self) -> list[Any]:
        return [
            nat
            for nat in self.ec2.nat_gateways.values()
            if nat.state != "deleted" or self.pending.held("nat_gateway_delete", nat.id)
        ]

    def nat_gateway_enis(self) -> set[str]:
        ids = set()
        for nat in self.ec2.nat_gateways.values():
            ids.update(a.get("networkInterfaceId") for a in nat.address_set)
        return ids

    def enis(self) -> list[Any]:
        return list(self.ec2.enis.values())

    def mount_targets(self) -> list[Any]:
        from moto.efs.models import efs_backends

        return list(efs_backends[self.account][self.region].mount_targets_by_id.values())

    def vpc_endpoints(self) -> list[Any]:
        return [e for e in self.ec2.vpc_end_points.values() if e.state != "deleted"]



def _subnet(request: AwsRequest, view: _Ec2View) -> str | None:
    subnet_id = request.params.get("SubnetId", "")
    users = [i.id for i in view.live_instances() if i.subnet_id == subnet_id]
    users += [n.id for n in view.live_nat_gateways() if n.subnet_id == subnet_id]
    users += [m.mount_target_id for m in view.mount_targets() if m.subnet_id == subnet_id]
    users += [e.id for e in view.vpc_endpoints() if subnet_id in (e.subnet_ids or [])]
    # Instances and NAT gateways are counted above (a deleted NAT gateway keeps its ENI
    # in moto); any other interface left in the subnet blocks the delete.
    nat_enis = view.nat_gateway_enis()
    users += [
        eni.id
        for eni in view.enis()
        if eni.subnet is not None
        and eni.subnet.id == subnet_id
        and eni.instance is None
        and eni.id not in nat_enis
    ]
    if not users:
        return None
    return f"The subnet '{subnet_id}' has dependencies and cannot be deleted."


def _security_group(request: AwsRequest, view: _Ec2View) -> str | None:
    group_id = request.params.get("GroupId")
    if not group_id and request.params.get("GroupName"):
        group = view.ec2.get_security_group_by_name_or_id(request.params["GroupName"])
        group_id = group.id if group else None
    if not group_id:
        return None
    users = [
        i.id for i in view.live_instances() if group_id in {g.id for g in i.security_groups}
    ]
    users += [
        eni.id
        for eni in view.enis()
        if eni.instance is None and group_id in {g.id for g in eni.group_set}
    ]
    users += [
        m.mount_target_id for m in view.mount_targets() if group_id in (m.security_groups or [])
    ]
    users += [e.id for e in view.vpc_endpoints() if group_id in (e.security_group_ids or [])]
    for groups in view.ec2.groups.values():
        for other in groups.values():
            if other.id == group_id:
                continue
            for rule in list(other.ingress_rules) + list(other.egress_rules):
                if (rule.source_group or {}).get("GroupId") == group_id:
                    users.append(other.id)
    if not users:
        return None
    return f"resource {group_id} has a dependent object"


def _vpc(request: AwsRequest, view: _Ec2View) -> str | None:
    vpc_id = request.params.get("VpcId", "")
    users = [
        igw.id
        for igw in view.ec2.internet_gateways.values()
        if igw.vpc is not None and igw.vpc.id == vpc_id
    ]
    users += [
        group.id
        for group in view.ec2.groups.get(vpc_id, {}).values()
        if group.name != "default"
    ]
    users += [e.id for e in view.vpc_endpoints() if e.vpc_id == vpc_id]
    users += [n.id for n in view.live_nat_gateways() if n.vpc_id == vpc_id]
    users += [i.id for i in view.live_instances() if i.vpc_id == vpc_id]
    if not users:
        return None
    return f"The vpc '{vpc_id}' has dependencies and cannot be deleted."


def _detach_gateway(request: AwsRequest, view: _Ec2View) -> str | None:
    vpc_id = request.params.get("VpcId", "")
    mapped = [n.id for n in view.live_nat_gateways() if n.vpc_id == vpc_id]
    mapped += [i.id for i in view.live_instances() if i.vpc_id == vpc_id and i.public_ip]
    nat_enis = view.nat_gateway_enis()  # counted above while the gateway lives
    for address in view.ec2.addresses:
        eni = getattr(address, "eni", None)
        if eni is None or eni.id in nat_enis or eni.subnet is None:
            continue
        if eni.subnet.vpc_id == vpc_id:
            mapped.append(address.public_ip)
    if not mapped:
        return None
    return (
        f"Network {vpc_id} has some mapped public address(es). "
        "Please unmap those public address(es) before detaching the gateway."
    )


_CHECKS: dict[str, Callable[[AwsRequest, _Ec2View], str | None]] = {
    "ec2:DeleteSubnet": _subnet,
    "ec2:DeleteSecurityGroup": _security_group,
    "ec2:DeleteVpc": _vpc,
    "ec2:DetachInternetGateway": _detach_gateway,
}
