"""A cloud built by hand with boto3, shaped as the usual Terraform modules build it (no
raycloud involved beyond `cloud policies`), registers cleanly: register hands out the
external id and cloud id, the documents come from `cloud policies`, and the second register
stores the cloud with no failed check (issue 4, "Tests")."""

from __future__ import annotations

import json
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

import harness  # noqa: E402

ACCOUNT = "123456789012"
BUCKET = "team-a-ray-data"
CONTROL_PLANE_ROLE = "team-a-control-plane"
NODE_ROLE = "team-a-ray-node"


@pytest.fixture(scope="module")
def emulator():
    running = harness.Emulator()
    yield running
    running.stop()


def build_network(ec2) -> dict[str, object]:
    """VPC, two public subnets in two AZs, IGW and routes, S3 endpoint, security group."""
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    for attribute in ("EnableDnsSupport", "EnableDnsHostnames"):
        ec2.modify_vpc_attribute(VpcId=vpc, **{attribute: {"Value": True}})
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    subnets = []
    for cidr, zone in (("10.20.0.0/19", "us-west-2a"), ("10.20.32.0/19", "us-west-2b")):
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone)["Subnet"]["SubnetId"]
        ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
        subnets.append(subnet)
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-west-2.s3",
                            VpcEndpointType="Gateway", RouteTableIds=[table])
    group = ec2.create_security_group(GroupName="team-a-ray", Description="Ray nodes", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group}]}])
    return {"vpc": vpc, "subnets": subnets, "group": group}


def build_identity_and_storage(iam, s3, documents: dict) -> None:
    """Roles, instance profile and bucket with the documents `cloud policies` printed."""
    iam.create_role(RoleName=CONTROL_PLANE_ROLE,
                    AssumeRolePolicyDocument=json.dumps(documents["control_plane_trust"]))
    iam.put_role_policy(RoleName=CONTROL_PLANE_ROLE, PolicyName="ray-control-plane",
                        PolicyDocument=json.dumps(documents["control_plane_policy"]))
    iam.create_role(RoleName=NODE_ROLE, AssumeRolePolicyDocument=json.dumps(documents["instance_trust"]))
    iam.put_role_policy(RoleName=NODE_ROLE, PolicyName="ray-bucket",
                        PolicyDocument=json.dumps(documents["instance_policy"]))
    iam.create_instance_profile(InstanceProfileName=NODE_ROLE)
    iam.add_role_to_instance_profile(InstanceProfileName=NODE_ROLE, RoleName=NODE_ROLE)
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    s3.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True})
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(documents["bucket_policy"]))


def test_a_hand_built_cloud_registers_cleanly(emulator, tmp_path):
    emulator.client.reset()
    env = harness.environment(emulator.endpoint, tmp_path / "state")
    ec2 = harness._client(emulator.endpoint, "ec2")
    network = build_network(ec2)
    flags = ["--name", "team-a", "--vpc-id", network["vpc"],
             "--subnet-ids", ",".join(network["subnets"]),
             "--security-group-ids", network["group"], "--s3-bucket-id", f"s3://{BUCKET}",
             "--control-plane-role-arn", f"arn:aws:iam::{ACCOUNT}:role/{CONTROL_PLANE_ROLE}",
             "--instance-role-arn", f"arn:aws:iam::{ACCOUNT}:role/{NODE_ROLE}"]

    handed_out = harness.raycloud(env, "cloud", "register", *flags)
    assert handed_out.returncode == 1, handed_out.stderr
    ids = handed_out.json()
    assert ids["registered"] is False
    policies = harness.raycloud(
        env, "cloud", "policies", "--bucket-name", BUCKET, "--external-id", ids["external_id"],
        "--cloud-id", ids["cloud_id"], "--control-plane-principal", f"arn:aws:iam::{ACCOUNT}:root",
        "--control-plane-role-arn", f"arn:aws:iam::{ACCOUNT}:role/{CONTROL_PLANE_ROLE}",
        "--instance-role-arn", f"arn:aws:iam::{ACCOUNT}:role/{NODE_ROLE}")
    assert policies.returncode == 0, policies.stderr
    build_identity_and_storage(harness._client(emulator.endpoint, "iam"),
                               harness._client(emulator.endpoint, "s3"), policies.json())

    registered = harness.raycloud(env, "cloud", "register", *flags,
                                  "--external-id", ids["external_id"], "--cloud-id", ids["cloud_id"])
    assert registered.returncode == 0, registered.stdout + registered.stderr
    verified = harness.raycloud(env, "cloud", "verify", "--name", "team-a")
    report = verified.json()
    failed = [check for check in report["checks"] if check["status"] == "fail"]
    assert verified.returncode == 0 and failed == [], json.dumps(failed, indent=1)
    described = harness.raycloud(env, "cloud", "describe", "--name", "team-a").json()["cloud"]
    assert described["id"] == ids["cloud_id"] and described["status"] == "active"
    # Register never edits the user's resources: the bucket policy is still the one we put.
    s3 = harness._client(emulator.endpoint, "s3")
    assert json.loads(s3.get_bucket_policy(Bucket=BUCKET)["Policy"]) == policies.json()["bucket_policy"]
