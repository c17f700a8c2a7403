"""What the reliability tests share: a private emulator, a raycloud runner with a clean
environment, and an inventory of the whole emulated account made with boto3 (not
raycloud's client), so "nothing left" means nothing at all, tagged or not."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from dataclasses import dataclass

import boto3
from botocore.config import Config

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "emulator"))

from raycloud_emulator import EmulatorClient  # noqa: E402

RAYCLOUD = os.environ.get("RAYCLOUD_BIN", str(ROOT / "build" / "src" / "raycloud"))
REGION = "us-west-2"


class Emulator:
    """A private emulator process (stops with the test process: its stdin closes).
    RAYCLOUD_EMULATOR_FLAGS adds flags (e.g. `--no-validation`)."""

    def __init__(self) -> None:
        flags = os.environ.get("RAYCLOUD_EMULATOR_FLAGS", "").split()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "raycloud_emulator", "--exit-on-stdin-eof", *flags],
            cwd=ROOT / "tests" / "emulator", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True)
        self.endpoint = self.process.stdout.readline().strip()
        # Resets wait for moto's EC2 warm-up: slow on a loaded machine.
        self.client = EmulatorClient(self.endpoint, timeout=120)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def environment(endpoint: str, state_dir: pathlib.Path, **extra: str) -> dict[str, str]:
    """The process environment minus any AWS_/RAYCLOUD_ settings of the caller, plus
    emulator credentials (the emulator accepts any) and the given state dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "RAYCLOUD_"))}
    env.update({"AWS_ACCESS_KEY_ID": "AKIARELIABILITY00000", "AWS_SECRET_ACCESS_KEY": "not-a-secret",
                "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": REGION,
                "RAYCLOUD_HOME": str(state_dir), "NO_PROXY": "127.0.0.1,localhost",
                "HOME": str(state_dir.parent)})
    env.update(extra)
    return env


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)


def raycloud(env: dict[str, str], *args: str, timeout: float = 300, json_output: bool = True) -> Run:
    command = [RAYCLOUD, *(["--output", "json"] if json_output else []), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    return Run(list(args), done.returncode, done.stdout, done.stderr)


def register_flags(described_cloud: dict, name: str) -> list[str]:
    """`cloud register` flags naming the resources of a described cloud, one to one (cli.md),
    EFS and MemoryDB included."""
    r = described_cloud["resources"]
    return ["cloud", "register", "--name", name, "--vpc-id", r["vpc_id"],
            "--subnet-ids", ",".join(r["subnet_ids"]),
            "--security-group-ids", ",".join(r["security_group_ids"]),
            "--s3-bucket-id", r["s3_bucket"],
            "--control-plane-role-arn", r["control_plane_role_arn"],
            "--instance-role-arn", r["instance_role_arn"],
            "--efs-id", r["efs_id"], "--memorydb-cluster-id", r["memorydb_cluster_name"]]


# ---- inventory ------------------------------------------------------------------------------
_CLIENTS: dict[tuple[str, str], object] = {}


def _client(endpoint: str, service: str):
    key = (endpoint, service)
    if key not in _CLIENTS:
        session = boto3.session.Session(aws_access_key_id="AKIAINVENTORY0000000",
                                        aws_secret_access_key="inventory", region_name=REGION)
        config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})
        _CLIENTS[key] = session.client(service, endpoint_url=endpoint, config=config)
    return _CLIENTS[key]


def inventory(endpoint: str) -> dict[str, set[str]]:
    """Every resource of the kinds raycloud makes that exists in the account and region,
    by kind, tagged or not (default VPC pieces included: compare with a baseline)."""
    ec2 = _client(endpoint, "ec2")
    found: dict[str, set[str]] = {}

    def add(kind: str, ident: str) -> None:
        found.setdefault(kind, set()).add(ident)

    for vpc in ec2.describe_vpcs()["Vpcs"]:
        add("vpc", vpc["VpcId"])
    for subnet in ec2.describe_subnets()["Subnets"]:
        add("subnet", subnet["SubnetId"])
    for gateway in ec2.describe_internet_gateways()["InternetGateways"]:
        add("internet-gateway", gateway["InternetGatewayId"])
    for table in ec2.describe_route_tables()["RouteTables"]:
        add("route-table", table["RouteTableId"])
        for route in table.get("Routes", []):
            if route.get("GatewayId", "local") != "local" or route.get("NatGatewayId"):
                add("route", f"{table['RouteTableId']}:{route.get('DestinationCidrBlock')}")
        for association in table.get("Associations", []):
            if not association.get("Main"):
                add("route-table-association", association["RouteTableAssociationId"])
    for group in ec2.describe_security_groups()["SecurityGroups"]:
        add("security-group", group["GroupId"])
    for address in ec2.describe_addresses()["Addresses"]:
        add("eip", address["AllocationId"])
    for nat in ec2.describe_nat_gateways()["NatGateways"]:
        if nat.get("State") not in ("deleted", "deleting"):
            add("nat-gateway", nat["NatGatewayId"])
    for endpoint_ in ec2.describe_vpc_endpoints()["VpcEndpoints"]:
        if endpoint_.get("State", "").lower() not in ("deleted", "deleting"):
            add("vpc-endpoint", endpoint_["VpcEndpointId"])

    iam = _client(endpoint, "iam")
    for role in iam.list_roles()["Roles"]:
        add("iam-role", role["RoleName"])
    for profile in iam.list_instance_profiles()["InstanceProfiles"]:
        add("iam-instance-profile", profile["InstanceProfileName"])

    efs = _client(endpoint, "efs")
    for system in efs.describe_file_systems()["FileSystems"]:
        add("efs", system["FileSystemId"])
        for target in efs.describe_mount_targets(FileSystemId=system["FileSystemId"])["MountTargets"]:
            add("efs-mount-target", target["MountTargetId"])

    memorydb = _client(endpoint, "memorydb")
    for cluster in memorydb.describe_clusters()["Clusters"]:
        add("memorydb-cluster", cluster["Name"])
    for group in memorydb.describe_subnet_groups()["SubnetGroups"]:
        add("memorydb-subnet-group", group["Name"])
    for group in memorydb.describe_parameter_groups()["ParameterGroups"]:
        add("memorydb-parameter-group", group["Name"])

    for bucket in _client(endpoint, "s3").list_buckets()["Buckets"]:
        add("s3-bucket", bucket["Name"])
    return found


def difference(before: dict[str, set[str]], after: dict[str, set[str]]) -> dict[str, list[str]]:
    """What `after` holds that `before` did not, and what it lost (prefixed with '-')."""
    changed: dict[str, list[str]] = {}
    for kind in sorted(set(before) | set(after)):
        added = sorted(after.get(kind, set()) - before.get(kind, set()))
        removed = sorted(before.get(kind, set()) - after.get(kind, set()))
        if added or removed:
            changed[kind] = added + ["-" + r for r in removed]
    return changed


def kind_counts(inventory_: dict[str, set[str]], baseline: dict[str, set[str]]) -> dict[str, int]:
    """How many of each kind exist beyond the baseline (a duplicate shows as a higher count)."""
    return {kind: len(ids - baseline.get(kind, set())) for kind, ids in inventory_.items()
            if ids - baseline.get(kind, set())}
