"""Resources held in pending/creating/deleting states, ended by moving the clock forward."""

from __future__ import annotations

import time

import botocore.exceptions
import pytest


def _network(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    return vpc, subnet


def test_nat_gateway_pending_then_available_then_deleting(emulator, aws):
    emulator.set_pending({"nat_gateway": 60, "nat_gateway_delete": 30})
    ec2 = aws("ec2")
    _, subnet = _network(ec2)
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    created = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    assert created["State"] == "pending"
    nat_id = created["NatGatewayId"]

    def state() -> str:
        return ec2.describe_nat_gateways(NatGatewayIds=[nat_id])["NatGateways"][0]["State"]

    assert state() == "pending"
    emulator.advance_pending(59)
    assert state() == "pending"
    emulator.advance_pending(1)
    assert state() == "available"
    ec2.delete_nat_gateway(NatGatewayId=nat_id)
    assert state() == "deleting"
    emulator.advance_pending(30)
    assert state() == "deleted"


def test_time_scale_shortens_real_durations(emulator, aws):
    # 60 s scaled by 1/100 is 0.6 s of real time.
    emulator.set_pending({"nat_gateway": 60}, time_scale=0.01)
    ec2 = aws("ec2")
    _, subnet = _network(ec2)
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    started = time.monotonic()
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    if time.monotonic() - started < 0.5:  # a loaded machine may already be past the hold
        assert nat["State"] == "pending"
    time.sleep(0.7)
    [described] = ec2.describe_nat_gateways(NatGatewayIds=[nat["NatGatewayId"]])["NatGateways"]
    assert described["State"] == "available"


def test_instances_pending_and_shutting_down(emulator, aws):
    emulator.set_pending({"instance": 20, "instance_terminate": 40})
    ec2 = aws("ec2")
    [instance] = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1,
                                   InstanceType="m5.large")["Instances"]

    def state() -> dict:
        reservations = ec2.describe_instances(InstanceIds=[instance["InstanceId"]])
        return reservations["Reservations"][0]["Instances"][0]["State"]

    assert state() == {"Code": 0, "Name": "pending"}
    emulator.advance_pending(20)
    assert state() == {"Code": 16, "Name": "running"}
    terminated = ec2.terminate_instances(InstanceIds=[instance["InstanceId"]])
    assert terminated["TerminatingInstances"][0]["CurrentState"]["Name"] == "shutting-down"
    assert state() == {"Code": 32, "Name": "shutting-down"}
    emulator.advance_pending(40)
    assert state() == {"Code": 48, "Name": "terminated"}


def test_efs_file_system_and_mount_target_creating(emulator, aws):
    emulator.set_pending({"efs_file_system": 10, "efs_mount_target": 90})
    efs = aws("efs")
    _, subnet = _network(aws("ec2"))
    fs = efs.create_file_system(CreationToken="raycloud")
    assert fs["LifeCycleState"] == "creating"
    fs_id = fs["FileSystemId"]
    # AWS refuses a mount target on a file system that is still being created.
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        efs.create_mount_target(FileSystemId=fs_id, SubnetId=subnet)
    assert refused.value.response["Error"]["Code"] == "IncorrectFileSystemLifeCycleState"
    [described] = efs.describe_file_systems(FileSystemId=fs_id)["FileSystems"]
    assert described["LifeCycleState"] == "creating"
    emulator.advance_pending(10)
    assert efs.describe_file_systems()["FileSystems"][0]["LifeCycleState"] == "available"
    target = efs.create_mount_target(FileSystemId=fs_id, SubnetId=subnet)
    assert target["LifeCycleState"] == "creating"
    targets = efs.describe_mount_targets(FileSystemId=fs_id)["MountTargets"]
    assert [t["LifeCycleState"] for t in targets] == ["creating"]
    emulator.advance_pending(90)
    targets = efs.describe_mount_targets(FileSystemId=fs_id)["MountTargets"]
    assert [t["LifeCycleState"] for t in targets] == ["available"]


def test_memorydb_cluster_creating(emulator, aws):
    emulator.set_pending({"memorydb_cluster": 600})
    memorydb = aws("memorydb")
    cluster = memorydb.create_cluster(ClusterName="raycloud", NodeType="db.t4g.small",
                                      ACLName="open-access")["Cluster"]
    assert cluster["Status"] == "creating"
    assert memorydb.describe_clusters()["Clusters"][0]["Status"] == "creating"
    emulator.advance_pending(600)
    assert memorydb.describe_clusters()["Clusters"][0]["Status"] == "available"


def test_vpc_endpoint_pending(emulator, aws):
    emulator.set_pending({"vpc_endpoint": 30})
    ec2 = aws("ec2")
    vpc, _ = _network(ec2)
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3",
                                       VpcEndpointType="Gateway")["VpcEndpoint"]
    assert endpoint["State"] == "pending"
    [described] = ec2.describe_vpc_endpoints()["VpcEndpoints"]
    assert described["State"] == "pending"
    emulator.advance_pending(30)
    assert ec2.describe_vpc_endpoints()["VpcEndpoints"][0]["State"] == "available"


def test_holds_are_off_by_default_and_validated(emulator, aws):
    ec2 = aws("ec2")
    _, subnet = _network(ec2)
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    assert nat["State"] == "available"
    with pytest.raises(Exception, match="unknown pending kind"):
        emulator.set_pending({"rocket": 3})
