"""Writes large EC2 responses (10,000 items) and times botocore parsing them.

Usage: responses.py generate OUTDIR | responses.py parse OUTDIR
The C++ benchmark parses the same files, so both sides see identical bytes.
"""
import json
import sys
import time
from pathlib import Path

import botocore.session
from botocore.parsers import create_parser

ITEMS = 10_000
NS = "http://ec2.amazonaws.com/doc/2016-11-15/"


def security_groups() -> str:
    parts = [f'<DescribeSecurityGroupsResponse xmlns="{NS}"><requestId>r-1</requestId><securityGroupInfo>']
    for i in range(ITEMS):
        parts.append(
            f"<item><ownerId>123456789012</ownerId><groupId>sg-{i:017x}</groupId>"
            f"<groupName>group-{i}</groupName><groupDescription>bench group {i}</groupDescription>"
            f"<vpcId>vpc-0123456789abcdef0</vpcId><ipPermissions><item><ipProtocol>tcp</ipProtocol>"
            f"<fromPort>443</fromPort><toPort>443</toPort><groups/><ipRanges><item><cidrIp>10.{i % 256}.0.0/16</cidrIp>"
            f"<description>https</description></item></ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissions>"
            f"<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp>"
            f"</item></ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissionsEgress>"
            f"<tagSet><item><key>raycloud-cloud-id</key><value>cld_bench</value></item></tagSet></item>"
        )
    parts.append("</securityGroupInfo></DescribeSecurityGroupsResponse>")
    return "".join(parts)


def subnets() -> str:
    parts = [f'<DescribeSubnetsResponse xmlns="{NS}"><requestId>r-2</requestId><subnetSet>']
    for i in range(ITEMS):
        parts.append(
            f"<item><subnetId>subnet-{i:017x}</subnetId><subnetArn>arn:aws:ec2:us-west-2:123456789012:subnet/subnet-{i:017x}</subnetArn>"
            f"<state>available</state><ownerId>123456789012</ownerId><vpcId>vpc-0123456789abcdef0</vpcId>"
            f"<cidrBlock>10.{i // 256 % 256}.{i % 256}.0/24</cidrBlock><availableIpAddressCount>251</availableIpAddressCount>"
            f"<availabilityZone>us-west-2{'abc'[i % 3]}</availabilityZone><availabilityZoneId>usw2-az{i % 3 + 1}</availabilityZoneId>"
            f"<defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>true</mapPublicIpOnLaunch>"
            f"<assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation><ipv6CidrBlockAssociationSet/>"
            f"<tagSet><item><key>Name</key><value>bench-subnet-{i}</value></item></tagSet></item>"
        )
    parts.append("</subnetSet></DescribeSubnetsResponse>")
    return "".join(parts)


CASES = {"DescribeSecurityGroups": security_groups, "DescribeSubnets": subnets}


def generate(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    for name, build in CASES.items():
        (outdir / f"{name}.xml").write_text(build())


def parse(outdir: Path) -> None:
    model = botocore.session.get_session().get_service_model("ec2")
    parser = create_parser("ec2")
    results = {}
    for name in CASES:
        body = (outdir / f"{name}.xml").read_bytes()
        shape = model.operation_model(name).output_shape
        response = {"body": body, "headers": {}, "status_code": 200}
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            parsed = parser.parse(response, shape)
            best = min(best, time.perf_counter() - start)
        key = "SecurityGroups" if name == "DescribeSecurityGroups" else "Subnets"
        assert len(parsed[key]) == ITEMS, f"botocore parsed {len(parsed[key])} items"
        results[name] = best * 1000.0
    print(json.dumps(results))


if __name__ == "__main__":
    {"generate": generate, "parse": parse}[sys.argv[1]](Path(sys.argv[2]))
