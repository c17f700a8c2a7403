"""What a cloud holds, seen by boto3 (not raycloud's client), for the update tests.

Usage: inventory.py ENDPOINT REGION CLOUD_ID
Prints one JSON object:
  {"efs": [{"id", "tags": {k: v}, "mount_target_subnets": [...]}],
   "security_groups": [{"id", "https_cidrs": [...], "tags": {k: v}}],
   "vpcs": [{"id", "tags": {...}}], "subnets": [ids], "roles": {name: {"tags": {...},
   "inline": {policy name: document}}}, "bucket": {"name", "tags", "lifecycle_rule_ids",
   "policy_sids"}, "memorydb_clusters": [names]}
"""

import json
import sys

import boto3
from botocore.config import Config


def tag_map(tags) -> dict:
    return {t["Key"]: t["Value"] for t in tags or []}


def main() -> None:
    endpoint, region, cloud_id = sys.argv[1:4]
    session = boto3.session.Session(
        aws_access_key_id="AKIAINVENTORY0000000", aws_secret_access_key="inventory", region_name=region
    )
    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2})

    def client(name: str):
        return session.client(name, endpoint_url=endpoint, config=config)

    def ours(tags) -> bool:
        return tag_map(tags).get("raycloud-cloud-id") == cloud_id

    out: dict = {"efs": [], "security_groups": [], "vpcs": [], "subnets": [], "roles": {},
                 "bucket": None, "memorydb_clusters": []}
    ec2 = client("ec2")
    for vpc in ec2.describe_vpcs()["Vpcs"]:
        if ours(vpc.get("Tags")):
            out["vpcs"].append({"id": vpc["VpcId"], "tags": tag_map(vpc.get("Tags"))})
    for subnet in ec2.describe_subnets()["Subnets"]:
        if ours(subnet.get("Tags")):
            out["subnets"].append(subnet["SubnetId"])
    for group in ec2.describe_security_groups()["SecurityGroups"]:
        if not ours(group.get("Tags")):
            continue
        cidrs = []
        for permission in group.get("IpPermissions", []):
            if permission.get("IpProtocol") == "tcp" and permission.get("FromPort") == 443:
                cidrs += [r["CidrIp"] for r in permission.get("IpRanges", [])]
        out["security_groups"].append(
            {"id": group["GroupId"], "https_cidrs": sorted(cidrs), "tags": tag_map(group.get("Tags"))})

    efs = client("efs")
    for system in efs.describe_file_systems()["FileSystems"]:
        if not ours(system.get("Tags")):
            continue
        targets = efs.describe_mount_targets(FileSystemId=system["FileSystemId"])["MountTargets"]
        out["efs"].append({"id": system["FileSystemId"], "tags": tag_map(system.get("Tags")),
                           "mount_target_subnets": sorted(t["SubnetId"] for t in targets)})

    iam = client("iam")
    for role in iam.list_roles()["Roles"]:
        name = role["RoleName"]
        tags = iam.list_role_tags(RoleName=name)["Tags"]
        if not ours(tags):
            continue
        inline = {}
        for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
            inline[policy] = iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
        out["roles"][name] = {"tags": tag_map(tags), "inline": inline}

    s3 = client("s3")
    for bucket in s3.list_buckets()["Buckets"]:
        name = bucket["Name"]
        try:
            tags = s3.get_bucket_tagging(Bucket=name)["TagSet"]
        except s3.exceptions.ClientError:
            continue
        if not ours(tags):
            continue
        try:
            rules = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
        except s3.exceptions.ClientError:
            rules = []
        try:
            policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
        except s3.exceptions.ClientError:
            policy = {"Statement": []}
        out["bucket"] = {"name": name, "tags": tag_map(tags),
                         "lifecycle_rule_ids": sorted(r.get("ID", "") for r in rules),
                         "policy_sids": sorted(s.get("Sid", "") for s in policy.get("Statement", []))}

    memorydb = client("memorydb")
    for cluster in memorydb.describe_clusters()["Clusters"]:
        if ours(memorydb.list_tags(ResourceArn=cluster["ARN"])["TagList"]):
            out["memorydb_clusters"].append(cluster["Name"])

    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
