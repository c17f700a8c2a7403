"""Lists what a cloud left behind, seen by boto3 (not raycloud's client).

Usage: leak_check.py ENDPOINT REGION CLOUD_ID
Prints one JSON object: {"<kind>": [ids...]} for every resource still tagged with the cloud
id (EC2, EFS, MemoryDB, S3) or named in IAM with that tag. Exit 0 whatever it finds.
"""

import json
import sys

import boto3
from botocore.config import Config


def main() -> None:
    endpoint, region, cloud_id = sys.argv[1:4]
    session = boto3.session.Session(
        aws_access_key_id="AKIALEAKCHECK0000000", aws_secret_access_key="leak-check", region_name=region
    )
    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2})

    def client(name: str):
        return session.client(name, endpoint_url=endpoint, config=config)

    def ours(tags) -> bool:
        return any(t.get("Key") == "raycloud-cloud-id" and t.get("Value") == cloud_id for t in tags or [])

    found: dict[str, list[str]] = {}

    def add(kind: str, ident: str) -> None:
        found.setdefault(kind, []).append(ident)

    ec2 = client("ec2")
    for vpc in ec2.describe_vpcs()["Vpcs"]:
        if ours(vpc.get("Tags")):
            add("ec2:vpc", vpc["VpcId"])
    for subnet in ec2.describe_subnets()["Subnets"]:
        if ours(subnet.get("Tags")):
            add("ec2:subnet", subnet["SubnetId"])
    for gateway in ec2.describe_internet_gateways()["InternetGateways"]:
        if ours(gateway.get("Tags")):
            add("ec2:internet-gateway", gateway["InternetGatewayId"])
    for table in ec2.describe_route_tables()["RouteTables"]:
        if ours(table.get("Tags")):
            add("ec2:route-table", table["RouteTableId"])
    for address in ec2.describe_addresses()["Addresses"]:
        if ours(address.get("Tags")):
            add("ec2:eip", address["AllocationId"])
    for nat in ec2.describe_nat_gateways()["NatGateways"]:
        if ours(nat.get("Tags")) and nat.get("State") not in ("deleted", "deleting"):
            add("ec2:nat-gateway", nat["NatGatewayId"])
    for endpoint_ in ec2.describe_vpc_endpoints()["VpcEndpoints"]:
        if ours(endpoint_.get("Tags")) and endpoint_.get("State", "").lower() != "deleted":
            add("ec2:vpc-endpoint", endpoint_["VpcEndpointId"])
    for group in ec2.describe_security_groups()["SecurityGroups"]:
        if ours(group.get("Tags")):
            add("ec2:security-group", group["GroupId"])

    iam = client("iam")
    for role in iam.list_roles()["Roles"]:
        if ours(iam.list_role_tags(RoleName=role["RoleName"])["Tags"]):
            add("iam:role", role["RoleName"])
    for profile in iam.list_instance_profiles()["InstanceProfiles"]:
        # GetInstanceProfile carries the tags (moto lacks ListInstanceProfileTags).
        got = iam.get_instance_profile(InstanceProfileName=profile["InstanceProfileName"])
        if ours(got["InstanceProfile"].get("Tags")):
            add("iam:instance-profile", profile["InstanceProfileName"])

    for system in client("efs").describe_file_systems()["FileSystems"]:
        if ours(system.get("Tags")):
            add("efs:file-system", system["FileSystemId"])

    memorydb = client("memorydb")
    for cluster in memorydb.describe_clusters()["Clusters"]:
        if ours(memorydb.list_tags(ResourceArn=cluster["ARN"])["TagList"]):
            add("memorydb:cluster", cluster["Name"])
    for group in memorydb.describe_subnet_groups()["SubnetGroups"]:
        if ours(memorydb.list_tags(ResourceArn=group["ARN"])["TagList"]):
            add("memorydb:subnet-group", group["Name"])

    s3 = client("s3")
    for bucket in s3.list_buckets()["Buckets"]:
        try:
            tags = s3.get_bucket_tagging(Bucket=bucket["Name"])["TagSet"]
        except s3.exceptions.ClientError:
            continue
        if ours(tags):
            add("s3:bucket", bucket["Name"])

    print(json.dumps(found, sort_keys=True))


if __name__ == "__main__":
    main()
