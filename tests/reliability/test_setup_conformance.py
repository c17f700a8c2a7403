"""Conformance of `cloud setup` to ../shared/spec/cloud-resources.md (issue #3, "Tests"):
after each setup, every property the spec gives is read back from the emulated account with
boto3 (never raycloud's client nor its output; the cloud id, org id and external id come
from raycloud's SQLite store, which is where the spec says they live). Then `cloud delete
--delete-bucket` must leave nothing: no resource tagged with the cloud id
(tests/integration/handlers/leak_check.py) and nothing at all beyond the account's
baseline (harness.inventory).

Variants (three setups, combined to keep the run short):
  public   default AZs, two ingress CIDRs, user tags, versioning, a console origin, a
           custom log retention, another account as control-plane principal
  per-az   --private-network --nat-gateways per-az, nfs + head-node fault tolerance, a /19
  single   --private-network --nat-gateways single, nfs + head-node fault tolerance, a /18,
           three AZs, a custom bucket name and MemoryDB node type
(Throttling on 20% of calls: test_throttled_setup.py, its own ctest.)

Each check records a problem instead of stopping, so one run names every wrong property.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import json
import math
import pathlib
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field

import pytest

from harness import REGION, ROOT, Emulator, _client, difference, environment, inventory, raycloud

LEAK_CHECK = ROOT / "tests" / "integration" / "handlers" / "leak_check.py"
ACCOUNT = "123456789012"  # moto's account for any access key


@dataclass
class Variant:
    name: str
    flags: list[str]
    azs: list[str]
    vpc_cidr: str = "10.0.0.0/16"
    private: bool = False
    nat: str = "per-az"
    nfs: bool = False
    ha: bool = False
    ingress: list[str] = field(default_factory=lambda: ["0.0.0.0/0"])
    tags: dict[str, str] = field(default_factory=dict)
    versioning: bool = False
    origins: list[str] = field(default_factory=list)
    retention_days: int = 90
    principal: str = f"arn:aws:iam::{ACCOUNT}:root"
    bucket: str | None = None  # default: raycloud-data-<id without cld_>
    node_type: str = "db.t4g.small"
    kms: bool = False  # --kms-key-id with a key the test creates
    ecr: bool = False


VARIANTS = [
    Variant(
        name="conf-public",
        flags=["--ingress-cidr", "203.0.113.0/24", "--ingress-cidr", "198.51.100.7/32",
               "--tag", "team=ml", "--tag", "cost center=ray/1", "--enable-versioning",
               "--console-origin", "https://console.example.com", "--log-retention-days", "30",
               "--control-plane-principal", "arn:aws:iam::111122223333:root"],
        # The first 3 AZs of us-west-2 by zone id (moto: a=usw2-az2, b=usw2-az1, c=usw2-az3).
        azs=["us-west-2a", "us-west-2b", "us-west-2c"],
        ingress=["203.0.113.0/24", "198.51.100.7/32"],
        tags={"team": "ml", "cost center": "ray/1"}, versioning=True,
        origins=["https://console.example.com"], retention_days=30,
        principal="arn:aws:iam::111122223333:root"),
    Variant(
        name="conf-per-az",
        flags=["--private-network", "--nat-gateways", "per-az", "--shared-storage", "nfs",
               "--enable-head-node-fault-tolerance", "--availability-zones", "us-west-2a,us-west-2b",
               "--vpc-cidr", "10.20.0.0/19", "--enable-ecr-access"],
        azs=["us-west-2a", "us-west-2b"], vpc_cidr="10.20.0.0/19", private=True, nat="per-az",
        nfs=True, ha=True, kms=True, ecr=True),
    Variant(
        name="conf-single",
        flags=["--private-network", "--nat-gateways", "single", "--shared-storage", "nfs",
               "--enable-head-node-fault-tolerance",
               "--availability-zones", "us-west-2a,us-west-2b,us-west-2c",
               "--vpc-cidr", "10.64.0.0/18", "--bucket-name", "raycloud-conformance-single",
               "--memorydb-node-type", "db.r7g.large"],
        azs=["us-west-2a", "us-west-2b", "us-west-2c"], vpc_cidr="10.64.0.0/18", private=True,
        nat="single", nfs=True, ha=True, bucket="raycloud-conformance-single",
        node_type="db.r7g.large"),
]


@pytest.fixture(scope="module")
def emulator():
    started = Emulator()
    yield started
    started.stop()


# ---- facts from raycloud's store (the spec: "stored in the store") -------------------------
@dataclass
class Stored:
    cloud_id: str
    org_id: str
    external_id: str
    status: str


def stored(state_dir: pathlib.Path, name: str) -> Stored:
    with sqlite3.connect(f"file:{state_dir / 'raycloud.db'}?mode=ro", uri=True) as db:
        row = db.execute("SELECT id, org_id, external_id, status FROM clouds WHERE name = ?",
                         (name,)).fetchone()
    assert row, f"no cloud {name} in the store"
    return Stored(*row)


def tag_map(tags) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in tags or []}


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def action_covers(patterns, action: str) -> bool:
    return any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in as_list(patterns))


class Checker:
    """Reads the account with boto3 and records each way it departs from the spec."""

    def __init__(self, endpoint: str, variant: Variant, facts: Stored, kms_key: str | None = None) -> None:
        self.endpoint = endpoint
        self.kms_key = kms_key
        self.v = variant
        self.f = facts
        self.problems: list[str] = []
        self.ec2 = _client(endpoint, "ec2")
        self.iam = _client(endpoint, "iam")
        self.s3 = _client(endpoint, "s3")
        self.efs = _client(endpoint, "efs")
        self.memorydb = _client(endpoint, "memorydb")

    def expect(self, ok: bool, what: str) -> bool:
        if not ok:
            self.problems.append(what)
        return ok

    def read(self, what: str, call, missing: str, default=None):
        """An S3 read whose absence (`missing` error code) is a problem, not a crash."""
        try:
            return call()
        except self.s3.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") != missing:
                raise
            self.problems.append(f"{what}: {missing}")
            return default

    def ours(self, tags) -> bool:
        return tag_map(tags).get("raycloud-cloud-id") == self.f.cloud_id

    def tagged(self, kind: str, ident: str, tags) -> None:
        """The spec's tags: cloud id, name, org id, Name = <cloud-name>-<role>, user tags."""
        got = tag_map(tags)
        want = {"raycloud-cloud-id": self.f.cloud_id, "raycloud-cloud-name": self.v.name,
                "raycloud-org-id": self.f.org_id, **self.v.tags}
        wrong = {k: got.get(k) for k, v in want.items() if got.get(k) != v}
        self.expect(not wrong, f"{kind} {ident}: tags {wrong} (want {want})")
        self.expect(got.get("Name", "").startswith(f"{self.v.name}-") and
                    len(got.get("Name", "")) > len(self.v.name) + 1,
                    f"{kind} {ident}: Name tag {got.get('Name')!r} is not '{self.v.name}-<role>'")

    # ---- network --------------------------------------------------------------------------
    def check(self) -> list[str]:
        self.expect(len(self.f.cloud_id) == 28 and self.f.cloud_id.startswith("cld_"),
                    f"cloud id {self.f.cloud_id!r} is not cld_ + 24 chars")
        self.expect(len(self.f.org_id) == 28 and self.f.org_id.startswith("org_"),
                    f"org id {self.f.org_id!r} is not org_ + 24 chars")
        vpcs = [v for v in self.ec2.describe_vpcs()["Vpcs"] if self.ours(v.get("Tags"))]
        if not self.expect(len(vpcs) == 1, f"{len(vpcs)} VPCs tagged with the cloud id"):
            return self.problems
        vpc = vpcs[0]
        vpc_id = vpc["VpcId"]
        self.tagged("vpc", vpc_id, vpc.get("Tags"))
        self.expect(vpc["CidrBlock"] == self.v.vpc_cidr, f"VPC CIDR {vpc['CidrBlock']} != {self.v.vpc_cidr}")
        for attribute, key in (("enableDnsSupport", "EnableDnsSupport"),
                               ("enableDnsHostnames", "EnableDnsHostnames")):
            value = self.ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute=attribute)[key]["Value"]
            self.expect(value is True, f"VPC {attribute} is {value}")

        network = ipaddress.ip_network(self.v.vpc_cidr)
        blocks = list(network.subnets(prefixlen_diff=3))  # 8 equal blocks
        subnets = self.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
        for s in subnets:
            self.expect(self.ours(s.get("Tags")), f"subnet {s['SubnetId']} in the VPC lacks the cloud tag")
            self.tagged("subnet", s["SubnetId"], s.get("Tags"))
        cluster = [s for s in subnets if ipaddress.ip_network(s["CidrBlock"]) in blocks[:-1]]
        nat_subnets = [s for s in subnets if s not in cluster]
        azs = sorted(s["AvailabilityZone"] for s in cluster)
        self.expect(azs == sorted(self.v.azs), f"cluster subnets in AZs {azs}, want {sorted(self.v.azs)}")
        cidrs = sorted(ipaddress.ip_network(s["CidrBlock"]) for s in cluster)
        self.expect(cidrs == blocks[:len(self.v.azs)],
                    f"cluster subnet CIDRs {[str(c) for c in cidrs]} are not blocks 0..{len(self.v.azs) - 1} "
                    f"of {self.v.vpc_cidr} split in 8")
        every = [ipaddress.ip_network(s["CidrBlock"]) for s in subnets]
        for i, a in enumerate(every):
            self.expect(a.subnet_of(network), f"subnet {a} outside the VPC {network}")
            for b in every[i + 1:]:
                self.expect(not a.overlaps(b), f"subnets {a} and {b} overlap")
        for c in cidrs:
            self.expect(c.prefixlen <= 22, f"cluster subnet {c} smaller than /22")
        for s in cluster:
            self.expect(s["MapPublicIpOnLaunch"] is (not self.v.private),
                        f"cluster subnet {s['SubnetId']} MapPublicIpOnLaunch={s['MapPublicIpOnLaunch']}")
        want_nat_subnets = 0 if not self.v.private else (len(self.v.azs) if self.v.nat == "per-az" else 1)
        self.expect(len(nat_subnets) == want_nat_subnets,
                    f"{len(nat_subnets)} subnets besides the cluster ones, want {want_nat_subnets}")
        for s in nat_subnets:
            n = ipaddress.ip_network(s["CidrBlock"])
            self.expect(n.prefixlen == 28 and n.subnet_of(blocks[-1]),
                        f"NAT subnet {n} is not a /28 of the last block {blocks[-1]}")
            self.expect(s["MapPublicIpOnLaunch"] is True, f"NAT subnet {s['SubnetId']} does not map public IPs")
        if self.v.private and self.v.nat == "per-az":
            self.expect(sorted(s["AvailabilityZone"] for s in nat_subnets) == azs,
                        f"NAT subnets in AZs {sorted(s['AvailabilityZone'] for s in nat_subnets)}, want {azs}")

        igws = self.ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}])["InternetGateways"]
        igw_id = None
        if self.expect(len(igws) == 1, f"{len(igws)} internet gateways attached to the VPC"):
            igw_id = igws[0]["InternetGatewayId"]
            self.tagged("internet-gateway", igw_id, igws[0].get("Tags"))
            states = [a.get("State") for a in igws[0].get("Attachments", [])]
            self.expect(states == ["available"] or states == ["attached"], f"IGW attachment {states}")

        tables = self.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["RouteTables"]
        main = next((t for t in tables if any(a.get("Main") for a in t.get("Associations", []))), None)

        def table_of(subnet_id: str) -> dict | None:
            for t in tables:
                if any(a.get("SubnetId") == subnet_id for a in t.get("Associations", [])):
                    return t
            return main

        def default_route(table: dict | None) -> dict:
            for route in (table or {}).get("Routes", []):
                if route.get("DestinationCidrBlock") == "0.0.0.0/0":
                    return route
            return {}

        for t in tables:
            if t is not main:
                self.tagged("route-table", t["RouteTableId"], t.get("Tags"))
        nats = [n for n in self.ec2.describe_nat_gateways(
            Filter=[{"Name": "vpc-id", "Values": [vpc_id]}])["NatGateways"]
            if n.get("State") not in ("deleted", "deleting", "failed")]
        nat_by_id = {n["NatGatewayId"]: n for n in nats}
        public_subnets = nat_subnets if self.v.private else cluster
        for s in public_subnets:
            route = default_route(table_of(s["SubnetId"]))
            self.expect(igw_id is not None and route.get("GatewayId") == igw_id,
                        f"public subnet {s['SubnetId']}: 0.0.0.0/0 -> {route or 'nothing'}, want {igw_id}")
        if self.v.private:
            want = len(self.v.azs) if self.v.nat == "per-az" else 1
            self.expect(len(nats) == want, f"{len(nats)} NAT gateways, want {want} ({self.v.nat})")
            nat_subnet_az = {s["SubnetId"]: s["AvailabilityZone"] for s in nat_subnets}
            addresses = {a["AllocationId"]: a for a in self.ec2.describe_addresses()["Addresses"]}
            for n in nats:
                self.tagged("nat-gateway", n["NatGatewayId"], n.get("Tags"))
                self.expect(n["State"] == "available", f"NAT {n['NatGatewayId']} state {n['State']}")
                self.expect(n["SubnetId"] in nat_subnet_az,
                            f"NAT {n['NatGatewayId']} in {n['SubnetId']}, not a NAT (public) subnet")
                allocations = [a.get("AllocationId") for a in n.get("NatGatewayAddresses", [])]
                self.expect(len(allocations) == 1 and allocations[0] in addresses,
                            f"NAT {n['NatGatewayId']} Elastic IP {allocations}")
                for allocation in allocations:
                    if allocation in addresses:
                        self.tagged("eip", allocation, addresses[allocation].get("Tags"))
            for s in cluster:
                route = default_route(table_of(s["SubnetId"]))
                nat = nat_by_id.get(route.get("NatGatewayId", ""))
                if not self.expect(nat is not None, f"private subnet {s['SubnetId']} ({s['AvailabilityZone']}): "
                                                    f"0.0.0.0/0 -> {route or 'nothing'}, not a NAT gateway"):
                    continue
                if self.v.nat == "per-az":
                    self.expect(nat_subnet_az.get(nat["SubnetId"]) == s["AvailabilityZone"],
                                f"private subnet in {s['AvailabilityZone']} routes to NAT {nat['NatGatewayId']} "
                                f"in {nat_subnet_az.get(nat['SubnetId'])}")
                self.expect(not route.get("GatewayId", "").startswith("igw-"),
                            f"private subnet {s['SubnetId']} routes to the IGW")
        else:
            self.expect(not nats, f"NAT gateways in public mode: {list(nat_by_id)}")

        endpoints = self.ec2.describe_vpc_endpoints(
            Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"]
        s3_endpoints = [e for e in endpoints if e.get("ServiceName") == f"com.amazonaws.{REGION}.s3"
                        and e.get("VpcEndpointType", "Gateway") == "Gateway"]
        if self.expect(len(s3_endpoints) == 1, f"{len(s3_endpoints)} S3 gateway endpoints in the VPC"):
            e = s3_endpoints[0]
            self.tagged("vpc-endpoint", e["VpcEndpointId"], e.get("Tags"))
            used = {table_of(s["SubnetId"])["RouteTableId"] for s in subnets if table_of(s["SubnetId"])}
            ours = {t["RouteTableId"] for t in tables if self.ours(t.get("Tags"))}
            missing = (used | ours) - set(e.get("RouteTableIds", []))
            self.expect(not missing, f"S3 endpoint not on route tables {sorted(missing)}")

        groups = [g for g in self.ec2.describe_security_groups(
            Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"] if g["GroupName"] != "default"]
        sg_id = None
        if self.expect(len(groups) == 1, f"{len(groups)} non-default security groups in the VPC"):
            g = groups[0]
            sg_id = g["GroupId"]
            self.tagged("security-group", sg_id, g.get("Tags"))
            self.expect(not g["GroupName"].startswith("sg-"), f"security group name {g['GroupName']}")
            self.expect(self.rules(g["IpPermissions"]) ==
                        {("tcp", 443, 443, c) for c in self.v.ingress} | {("-1", None, None, sg_id)},
                        f"ingress {sorted(map(str, self.rules(g['IpPermissions'])))}: want 443 from "
                        f"{self.v.ingress} and all from {sg_id}, nothing else")
            self.expect(self.rules(g["IpPermissionsEgress"]) ==
                        {("-1", None, None, "0.0.0.0/0"), ("-1", None, None, sg_id)},
                        f"egress {sorted(map(str, self.rules(g['IpPermissionsEgress'])))}: want all to "
                        f"0.0.0.0/0 and to {sg_id}, nothing else")

        roles = self.check_identity()
        self.check_bucket(roles)
        cluster_by_az = {s["AvailabilityZone"]: s["SubnetId"] for s in cluster}
        self.check_efs(cluster_by_az, sg_id)
        self.check_memorydb(cluster_by_az, sg_id)
        return self.problems

    @staticmethod
    def rules(permissions) -> set[tuple]:
        flat = set()
        for p in permissions:
            protocol = str(p.get("IpProtocol"))
            ports = (None, None) if protocol == "-1" else (p.get("FromPort"), p.get("ToPort"))
            for r in p.get("IpRanges", []):
                flat.add((protocol, *ports, r["CidrIp"]))
            for r in p.get("Ipv6Ranges", []):
                flat.add((protocol, *ports, r["CidrIpv6"]))
            for r in p.get("UserIdGroupPairs", []):
                flat.add((protocol, *ports, r["GroupId"]))
            for r in p.get("PrefixListIds", []):
                flat.add((protocol, *ports, r["PrefixListId"]))
        return flat

    # ---- identity -------------------------------------------------------------------------
    def check_identity(self) -> dict[str, str]:
        """Returns {"control-plane": arn, "instance": arn} of what it found."""
        ours = []
        for role in self.iam.list_roles()["Roles"]:
            tags = self.iam.list_role_tags(RoleName=role["RoleName"])["Tags"]
            if self.ours(tags):
                ours.append((role, tags))
        found: dict[str, str] = {}
        for role, tags in ours:
            trust = role["AssumeRolePolicyDocument"]
            if isinstance(trust, str):
                trust = json.loads(trust)
            statements = as_list(trust.get("Statement", []))
            principals = [s.get("Principal", {}) for s in statements]
            if any(p.get("Service") == "ec2.amazonaws.com" or p.get("Service") == ["ec2.amazonaws.com"]
                   for p in principals):
                found["instance"] = role["Arn"]
            else:
                found["control-plane"] = role["Arn"]
            self.tagged("iam-role", role["RoleName"], tags)
            self.expect(len(role["RoleName"]) <= 64, f"role name {role['RoleName']} over 64 chars")
        self.expect(len(ours) == 2 and set(found) == {"instance", "control-plane"},
                    f"roles tagged with the cloud id: {[r['RoleName'] for r, _ in ours]}, want a "
                    f"control-plane role and an instance role")
        for role, _ in ours:
            trust = role["AssumeRolePolicyDocument"]
            trust = json.loads(trust) if isinstance(trust, str) else trust
            allows = [s for s in as_list(trust["Statement"]) if s.get("Effect") == "Allow"]
            if role["Arn"] == found.get("control-plane"):
                self.expect(bool(allows), "control-plane trust allows nothing")
                for s in allows:
                    self.expect(action_covers(s.get("Action"), "sts:AssumeRole"),
                                f"control-plane trust statement {s} does not allow sts:AssumeRole")
                    self.expect(as_list(s.get("Principal", {}).get("AWS")) == [self.v.principal],
                                f"control-plane trust principal {s.get('Principal')}, want {self.v.principal}")
                    condition = s.get("Condition", {}).get("StringEquals", {})
                    self.expect(as_list(condition.get("sts:ExternalId")) == [self.f.external_id],
                                f"control-plane trust condition {s.get('Condition')}, want StringEquals "
                                f"sts:ExternalId = {self.f.external_id}")
                bits = len(self.f.external_id) * math.log2(36)
                self.expect(bits >= 128, f"external id {self.f.external_id!r}: about {bits:.0f} bits")
                self.check_pass_role(role["RoleName"], found.get("instance"))
            else:
                self.expect(len(allows) >= 1 and all(
                    action_covers(s.get("Action"), "sts:AssumeRole") and
                    as_list(s.get("Principal", {}).get("Service")) == ["ec2.amazonaws.com"] for s in allows),
                    f"instance trust {trust} is not sts:AssumeRole by ec2.amazonaws.com only")
                name = role["RoleName"]
                try:
                    profile = self.iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]
                except self.iam.exceptions.NoSuchEntityException:
                    self.expect(False, f"no instance profile named {name}")
                    continue
                self.expect([r["RoleName"] for r in profile["Roles"]] == [name],
                            f"instance profile {name} holds {[r['RoleName'] for r in profile['Roles']]}")
                self.tagged("iam-instance-profile", name, profile.get("Tags"))
                self.check_instance_policy(name)
        return found

    def inline_policies(self, role_name: str) -> list[dict]:
        documents = []
        for policy_name in self.iam.list_role_policies(RoleName=role_name)["PolicyNames"]:
            document = self.iam.get_role_policy(RoleName=role_name, PolicyName=policy_name)["PolicyDocument"]
            documents.append(json.loads(document) if isinstance(document, str) else document)
        return documents

    def check_pass_role(self, role_name: str, instance_arn: str | None) -> None:
        for document in self.inline_policies(role_name):
            for s in as_list(document.get("Statement", [])):
                if s.get("Effect") == "Allow" and action_covers(s.get("Action"), "iam:PassRole"):
                    self.expect(as_list(s.get("Resource")) == [instance_arn],
                                f"control-plane iam:PassRole on {s.get('Resource')}, want only {instance_arn}")

    def check_instance_policy(self, role_name: str) -> None:
        """The bucket and nothing else; the bucket's KMS key for S3's use of it; ECR read-only
        only with --enable-ecr-access."""
        bucket = self.bucket_name()
        allowed = {f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"}
        ecr_read = ("ecr:Get*", "ecr:Batch*", "ecr:Describe*", "ecr:List*")
        ecr_actions: list[str] = []
        attached = [p["PolicyArn"] for p in
                    self.iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]]
        self.expect(set(attached) <= {"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"}
                    and (self.v.ecr or not attached), f"instance role has managed policies {attached}")
        for document in self.inline_policies(role_name):
            for s in as_list(document.get("Statement", [])):
                if s.get("Effect") != "Allow":
                    continue
                actions = as_list(s.get("Action"))
                if all(a.lower().startswith("ecr:") for a in actions):
                    ecr_actions += actions
                    continue
                if all(a.lower().startswith("kms:") for a in actions):
                    self.expect(self.kms_key is not None and as_list(s.get("Resource")) == [self.kms_key],
                                f"instance role allows {actions} on {s.get('Resource')} (key: {self.kms_key})")
                    continue
                outside = [r for r in as_list(s.get("Resource")) if r not in allowed]
                self.expect(not outside, f"instance role allows {actions} on {outside}: only the bucket")
        if self.v.ecr:
            for needed in ("ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"):
                self.expect(action_covers(ecr_actions, needed) or bool(attached),
                            f"--enable-ecr-access: instance role lacks {needed}")
            writes = [a for a in ecr_actions if not any(fnmatch.fnmatchcase(a, p) for p in ecr_read)]
            self.expect(not writes, f"ECR access is not read-only: {writes}")
        else:
            self.expect(not ecr_actions, f"ECR actions without --enable-ecr-access: {ecr_actions}")

    # ---- storage --------------------------------------------------------------------------
    def bucket_name(self) -> str:
        return self.v.bucket or f"raycloud-data-{self.f.cloud_id.removeprefix('cld_')}"

    def check_bucket(self, roles: dict[str, str]) -> None:
        s3, bucket = self.s3, self.bucket_name()
        names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
        if not self.expect(bucket in names, f"no bucket {bucket}"):
            return
        location = s3.get_bucket_location(Bucket=bucket).get("LocationConstraint")
        self.expect(location == REGION, f"bucket in {location}")
        self.tagged("s3-bucket", bucket, self.read("bucket tags", lambda: s3.get_bucket_tagging(
            Bucket=bucket)["TagSet"], "NoSuchTagSet", []))
        block = self.read("public access block", lambda: s3.get_public_access_block(Bucket=bucket)[
            "PublicAccessBlockConfiguration"], "NoSuchPublicAccessBlockConfiguration", {})
        self.expect(all(block.get(k) is True for k in ("BlockPublicAcls", "IgnorePublicAcls",
                                                       "BlockPublicPolicy", "RestrictPublicBuckets")),
                    f"public access block {block}")
        try:
            rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
            defaults = [r["ApplyServerSideEncryptionByDefault"] for r in rules]
            if self.kms_key:
                self.expect([(d["SSEAlgorithm"], d.get("KMSMasterKeyID")) for d in defaults] ==
                            [("aws:kms", self.kms_key)], f"bucket default encryption {defaults}, "
                            f"want SSE-KMS with {self.kms_key}")
            else:
                self.expect([d["SSEAlgorithm"] for d in defaults] == ["AES256"],
                            f"bucket default encryption {defaults}, want SSE-S3")
        except s3.exceptions.ClientError as error:  # no configuration means SSE-S3 (spec)
            self.expect(not self.kms_key and "ServerSideEncryptionConfigurationNotFound" in str(error),
                        f"encryption: {error}")

        policy = json.loads(self.read("bucket policy", lambda: s3.get_bucket_policy(Bucket=bucket)["Policy"],
                                      "NoSuchBucketPolicy", "{}"))
        statements = as_list(policy.get("Statement", []))
        resources = {f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"}
        tls = [s for s in statements if s.get("Effect") == "Deny" and
               str(s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport")).lower() == "false"]
        self.expect(any(action_covers(s.get("Action"), "s3:GetObject") and
                        action_covers(s.get("Action"), "s3:ListBucket") and
                        s.get("Principal") in ("*", {"AWS": "*"}) and
                        resources <= set(as_list(s.get("Resource"))) for s in tls),
                    f"no deny of every request without TLS on the bucket and its objects: {tls}")
        wanted = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket",
                  "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
                  "s3:ListBucketMultipartUploads", "s3:GetBucketLocation"]
        for role, arn in roles.items():
            grants = [s for s in statements if s.get("Effect") == "Allow" and
                      arn in as_list(s.get("Principal", {}).get("AWS"))]
            missing = [a for a in wanted if not any(action_covers(s.get("Action"), a) for s in grants)]
            self.expect(not missing, f"bucket policy does not grant the {role} role {missing}")

        try:
            cors = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
        except s3.exceptions.ClientError:
            cors = []
        if self.v.origins:
            self.expect(len(cors) == 1 and sorted(cors[0].get("AllowedMethods", [])) ==
                        ["DELETE", "GET", "HEAD", "POST", "PUT"] and cors[0].get("AllowedHeaders") == ["*"]
                        and sorted(cors[0].get("AllowedOrigins", [])) == sorted(self.v.origins),
                        f"CORS {cors}, want GET/PUT/POST/HEAD/DELETE, headers *, origins {self.v.origins}")
        else:
            self.expect(not cors, f"CORS rule without --console-origin: {cors}")

        versioning = s3.get_bucket_versioning(Bucket=bucket).get("Status")
        self.expect((versioning == "Enabled") == self.v.versioning, f"versioning {versioning}")
        lifecycle = self.read("lifecycle", lambda: s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"],
                              "NoSuchLifecycleConfiguration", [])
        enabled = [r for r in lifecycle if r.get("Status") == "Enabled"]
        logs = f"{self.f.org_id}/{self.f.cloud_id}/logs/"

        def prefix(rule) -> str:
            flt = rule.get("Filter", {})
            return flt.get("Prefix", flt.get("And", {}).get("Prefix", rule.get("Prefix", "")))

        self.expect(any(prefix(r) == logs and r.get("Expiration", {}).get("Days") == self.v.retention_days
                        for r in enabled),
                    f"no rule expiring {logs} after {self.v.retention_days} days: {lifecycle}")
        self.expect(any(prefix(r) == "" and r.get("AbortIncompleteMultipartUpload", {})
                        .get("DaysAfterInitiation") == 7 for r in enabled),
                    f"no rule aborting incomplete uploads after 7 days: {lifecycle}")
        self.expect(any(t.get("StorageClass") == "INTELLIGENT_TIERING"
                        for r in enabled for t in r.get("Transitions", [])),
                    f"no transition to Intelligent-Tiering: {lifecycle}")
        noncurrent = [r for r in enabled if r.get("NoncurrentVersionExpiration")]
        if self.v.versioning:
            self.expect(any(r["NoncurrentVersionExpiration"].get("NoncurrentDays") == 30 for r in noncurrent),
                        f"no noncurrent-version expiry after 30 days: {lifecycle}")

    def check_efs(self, cluster_by_az: dict[str, str], sg_id: str | None) -> None:
        systems = [s for s in self.efs.describe_file_systems()["FileSystems"] if self.ours(s.get("Tags"))]
        if not self.v.nfs:
            self.expect(not systems, f"EFS without --shared-storage nfs: {systems}")
            return
        if not self.expect(len(systems) == 1, f"{len(systems)} EFS file systems tagged with the cloud id"):
            return
        fs = systems[0]
        fs_id = fs["FileSystemId"]
        self.tagged("efs", fs_id, fs.get("Tags"))
        self.expect(fs.get("Encrypted") is True, "EFS not encrypted")
        self.expect(fs.get("PerformanceMode") == "generalPurpose", f"EFS mode {fs.get('PerformanceMode')}")
        self.expect(fs.get("LifeCycleState") == "available", f"EFS state {fs.get('LifeCycleState')}")
        try:
            backup = self.efs.describe_backup_policy(FileSystemId=fs_id)["BackupPolicy"]["Status"]
        except self.efs.exceptions.ClientError as error:
            backup = error.response.get("Error", {}).get("Code")
        self.expect(backup == "ENABLED", f"EFS automatic backups {backup}")
        policies = self.efs.describe_lifecycle_configuration(FileSystemId=fs_id)["LifecyclePolicies"]
        self.expect(any("TransitionToIA" in p for p in policies), f"EFS lifecycle {policies}")
        targets = self.efs.describe_mount_targets(FileSystemId=fs_id)["MountTargets"]
        by_az = {}
        subnet_az = {v: k for k, v in cluster_by_az.items()}
        for t in targets:
            az = subnet_az.get(t["SubnetId"])
            self.expect(az is not None, f"mount target {t['MountTargetId']} in {t['SubnetId']}, not a cluster subnet")
            self.expect(az not in by_az, f"two mount targets in {az}")
            by_az[az] = t
            groups = self.efs.describe_mount_target_security_groups(MountTargetId=t["MountTargetId"])
            self.expect(groups["SecurityGroups"] == [sg_id],
                        f"mount target {t['MountTargetId']} guarded by {groups['SecurityGroups']}, want [{sg_id}]")
            self.expect(t.get("LifeCycleState") == "available", f"mount target state {t.get('LifeCycleState')}")
        self.expect(sorted(a for a in by_az if a) == sorted(cluster_by_az),
                    f"mount targets in {sorted(a for a in by_az if a)}, want one in each of {sorted(cluster_by_az)}")

    def check_memorydb(self, cluster_by_az: dict[str, str], sg_id: str | None) -> None:
        mdb = self.memorydb
        clusters = [c for c in mdb.describe_clusters(ShowShardDetails=True)["Clusters"]
                    if self.ours(mdb.list_tags(ResourceArn=c["ARN"])["TagList"])]
        if not self.v.ha:
            self.expect(not clusters, f"MemoryDB without head-node fault tolerance: {clusters}")
            return
        if not self.expect(len(clusters) == 1, f"{len(clusters)} MemoryDB clusters tagged with the cloud id"):
            return
        c = clusters[0]
        self.tagged("memorydb-cluster", c["Name"], mdb.list_tags(ResourceArn=c["ARN"])["TagList"])
        self.expect(c.get("TLSEnabled") is True, "MemoryDB TLS off")
        self.expect(c.get("NodeType") == self.v.node_type, f"MemoryDB node type {c.get('NodeType')}")
        self.expect(c.get("NumberOfShards") == 1, f"MemoryDB shards {c.get('NumberOfShards')}")
        nodes = [len(s.get("Nodes", [])) for s in c.get("Shards", [])]
        self.expect(nodes and all(n >= 2 for n in nodes), f"MemoryDB nodes per shard {nodes}: want a replica")
        groups = [g["SecurityGroupId"] for g in c.get("SecurityGroups", [])]
        self.expect(groups == [sg_id], f"MemoryDB security groups {groups}, want [{sg_id}]")
        name = c["Name"]
        self.expect(name[:1].isalpha() and all(ch.islower() or ch.isdigit() or ch == "-" for ch in name),
                    f"MemoryDB name {name!r}")
        parameter_group = c.get("ParameterGroupName", "")
        self.expect(not parameter_group.startswith("default."), f"MemoryDB uses {parameter_group}")
        parameters = {p["Name"]: p.get("Value") for p in
                      mdb.describe_parameters(ParameterGroupName=parameter_group)["Parameters"]}
        self.expect(parameters.get("maxmemory-policy") == "allkeys-lru",
                    f"{parameter_group}: maxmemory-policy {parameters.get('maxmemory-policy')}")
        for group in mdb.describe_parameter_groups(ParameterGroupName=parameter_group)["ParameterGroups"]:
            self.tagged("memorydb-parameter-group", parameter_group,
                        mdb.list_tags(ResourceArn=group["ARN"])["TagList"])
        subnet_group = mdb.describe_subnet_groups(SubnetGroupName=c["SubnetGroupName"])["SubnetGroups"][0]
        self.tagged("memorydb-subnet-group", subnet_group["Name"],
                    mdb.list_tags(ResourceArn=subnet_group["ARN"])["TagList"])
        members = sorted(s["Identifier"] for s in subnet_group["Subnets"])
        self.expect(members and set(members) <= set(cluster_by_az.values()),
                    f"MemoryDB subnet group {members} not within the cluster subnets {sorted(cluster_by_az.values())}")
        self.expect(members == sorted(cluster_by_az.values()),
                    f"MemoryDB subnet group {members} != cluster subnets {sorted(cluster_by_az.values())}")


# ---- leaks ---------------------------------------------------------------------------------
def tagged_leftovers(endpoint: str, cloud_id: str) -> dict:
    done = subprocess.run([sys.executable, str(LEAK_CHECK), endpoint, REGION, cloud_id],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def delete_and_check_nothing_left(emulator, env: dict, name: str, cloud_id: str, baseline: dict,
                                  problems: list[str], faults: bool = False) -> None:
    done = raycloud(env, "cloud", "delete", "--name", name, "--yes", "--delete-bucket", "--timeout", "120s")
    if faults:  # the inventory below must not be faulted itself
        fired = sum(f["fired"] for f in emulator.client.faults())
        seen = sum(f["seen"] for f in emulator.client.faults())
        print(f"  delete under faults: {fired} of {seen} calls faulted", flush=True)
        emulator.client.clear_faults()
    if done.returncode != 0:
        problems.append(f"delete {name}: exit {done.returncode}: {done.stdout[-600:]} {done.stderr[-600:]}")
    left = tagged_leftovers(emulator.endpoint, cloud_id)
    if left:
        problems.append(f"delete {name}: still tagged {cloud_id}: {left}")
    extra = difference(baseline, inventory(emulator.endpoint))
    if extra:
        problems.append(f"delete {name}: account differs from before setup: {extra}")


# ---- tests ---------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_setup_conforms_to_spec(emulator, tmp_path, variant: Variant):
    state = tmp_path / "state"
    env = environment(emulator.endpoint, state)
    kms_key = None
    extra: list[str] = []
    if variant.kms:  # made before the baseline: it is the user's, not the cloud's
        kms_key = _client(emulator.endpoint, "kms").create_key(Description=variant.name)["KeyMetadata"]["Arn"]
        extra = ["--kms-key-id", kms_key]
    baseline = inventory(emulator.endpoint)
    started = time.monotonic()
    done = raycloud(env, "cloud", "setup", "--name", variant.name, *variant.flags, *extra)
    assert done.returncode == 0, f"setup exit {done.returncode}: {done.stdout[-1500:]} {done.stderr[-1500:]}"
    facts = stored(state, variant.name)
    assert facts.status == "active", facts
    problems = Checker(emulator.endpoint, variant, facts, kms_key).check()
    delete_and_check_nothing_left(emulator, env, variant.name, facts.cloud_id, baseline, problems)
    status = stored(state, variant.name).status
    if status != "deleted":
        problems.append(f"status {status} after delete")
    print(f"  {variant.name}: setup, {len(problems)} problems, delete "
          f"({time.monotonic() - started:.1f}s)", flush=True)
    assert not problems, f"{variant.name} ({facts.cloud_id}):\n  " + "\n  ".join(problems)


def test_security_group_rules_are_tagged(emulator, tmp_path):
    state = tmp_path / "state"
    env = environment(emulator.endpoint, state)
    name = "conf-rules"
    done = raycloud(env, "cloud", "setup", "--name", name, "--availability-zones", "us-west-2a,us-west-2b")
    assert done.returncode == 0, done.stdout[-1500:]
    facts = stored(state, name)
    try:
        ec2 = _client(emulator.endpoint, "ec2")
        groups = [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]
                  if tag_map(g.get("Tags")).get("raycloud-cloud-id") == facts.cloud_id]
        rules = ec2.describe_security_group_rules(
            Filters=[{"Name": "group-id", "Values": groups}])["SecurityGroupRules"]
        untagged = [r["SecurityGroupRuleId"] for r in rules
                    if tag_map(r.get("Tags")).get("raycloud-cloud-id") != facts.cloud_id]
    finally:
        raycloud(env, "cloud", "delete", "--name", name, "--yes", "--delete-bucket")
    assert groups and rules and not untagged, f"untagged security group rules: {untagged}"
