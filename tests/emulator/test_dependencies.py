"""DependencyViolation where AWS answers it and moto does not."""

from __future__ import annotations

import botocore.exceptions
import pytest


def _refused(call) -> str:
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call()
    return info.value.response["Error"]["Code"]


@pytest.fixture
def network(aws):
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="g", Description="d", VpcId=vpc)["GroupId"]
    return ec2, vpc, subnet, group


def _run(ec2, subnet, group) -> str:
    [instance] = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1,
                                   SubnetId=subnet, SecurityGroupIds=[group])["Instances"]
    return instance["InstanceId"]


def test_subnet_and_group_in_use_by_an_instance(network):
    ec2, _, subnet, group = network
    instance = _run(ec2, subnet, group)
    assert _refused(lambda: ec2.delete_subnet(SubnetId=subnet)) == "DependencyViolation"
    assert _refused(lambda: ec2.delete_security_group(GroupId=group)) == "DependencyViolation"
    ec2.terminate_instances(InstanceIds=[instance])
    ec2.delete_security_group(GroupId=group)
    ec2.delete_subnet(SubnetId=subnet)


def test_subnet_in_use_by_an_eni_and_a_nat_gateway(network):
    ec2, _, subnet, _ = network
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]
    assert _refused(lambda: ec2.delete_subnet(SubnetId=subnet)) == "DependencyViolation"
    ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    assert _refused(lambda: ec2.delete_subnet(SubnetId=subnet)) == "DependencyViolation"
    ec2.delete_nat_gateway(NatGatewayId=nat["NatGatewayId"])
    ec2.delete_subnet(SubnetId=subnet)


def test_nat_gateway_still_deleting_blocks_the_subnet(emulator, network):
    ec2, _, subnet, _ = network
    emulator.set_pending({"nat_gateway_delete": 60})
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    ec2.delete_nat_gateway(NatGatewayId=nat["NatGatewayId"])
    assert _refused(lambda: ec2.delete_subnet(SubnetId=subnet)) == "DependencyViolation"
    emulator.advance_pending(60)
    ec2.delete_subnet(SubnetId=subnet)


def test_subnet_and_group_in_use_by_an_efs_mount_target(aws, network):
    ec2, _, subnet, group = network
    efs = aws("efs")
    fs_id = efs.create_file_system(CreationToken="t")["FileSystemId"]
    target = efs.create_mount_target(FileSystemId=fs_id, SubnetId=subnet, SecurityGroups=[group])
    assert _refused(lambda: ec2.delete_subnet(SubnetId=subnet)) == "DependencyViolation"
    assert _refused(lambda: ec2.delete_security_group(GroupId=group)) == "DependencyViolation"
    efs.delete_mount_target(MountTargetId=target["MountTargetId"])
    ec2.delete_security_group(GroupId=group)
    ec2.delete_subnet(SubnetId=subnet)


def test_group_referenced_by_another_group(network):
    ec2, vpc, _, group = network
    other = ec2.create_security_group(GroupName="o", Description="d", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=other,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379,
                        "UserIdGroupPairs": [{"GroupId": group}]}],
    )
    assert _refused(lambda: ec2.delete_security_group(GroupId=group)) == "DependencyViolation"
    ec2.delete_security_group(GroupId=other)
    ec2.delete_security_group(GroupId=group)


def test_vpc_with_gateway_group_or_endpoint(network):
    ec2, vpc, subnet, group = network
    ec2.delete_subnet(SubnetId=subnet)
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3",
                                       VpcEndpointType="Gateway")["VpcEndpoint"]
    assert _refused(lambda: ec2.delete_vpc(VpcId=vpc)) == "DependencyViolation"
    ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    assert _refused(lambda: ec2.delete_vpc(VpcId=vpc)) == "DependencyViolation"  # group, vpce
    ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])
    assert _refused(lambda: ec2.delete_vpc(VpcId=vpc)) == "DependencyViolation"  # group
    ec2.delete_security_group(GroupId=group)
    ec2.delete_vpc(VpcId=vpc)
    # moto's own checks still apply: an attached gateway cannot be deleted.
    ec2.delete_internet_gateway(InternetGatewayId=igw)


def test_detach_gateway_with_mapped_public_addresses(network):
    ec2, vpc, subnet, _ = network
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]
    refused = _refused(lambda: ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc))
    assert refused == "DependencyViolation"
    ec2.delete_nat_gateway(NatGatewayId=nat["NatGatewayId"])
    ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)


def test_unused_resources_delete_in_the_right_order(network):
    ec2, vpc, subnet, group = network
    ec2.delete_security_group(GroupId=group)
    ec2.delete_subnet(SubnetId=subnet)
    ec2.delete_vpc(VpcId=vpc)
