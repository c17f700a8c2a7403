"""EC2 ClientToken idempotency (raycloud_emulator/client_tokens.py): a create repeated with
its token answers the first result, as AWS does, even after a reset lost the first answer."""

from __future__ import annotations

import botocore.exceptions
import pytest


def test_same_token_same_route_table_even_after_a_lost_answer(emulator, aws):
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    first = ec2.create_route_table(VpcId=vpc, ClientToken="tok-1")["RouteTable"]["RouteTableId"]
    again = ec2.create_route_table(VpcId=vpc, ClientToken="tok-1")["RouteTable"]["RouteTableId"]
    assert again == first
    other = ec2.create_route_table(VpcId=vpc, ClientToken="tok-2")["RouteTable"]["RouteTableId"]
    assert other != first

    emulator.inject_fault("ec2", "CreateRouteTable", "reset_after_apply", times=1)
    with pytest.raises((botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError)):
        ec2.create_route_table(VpcId=vpc, ClientToken="tok-3")
    retried = ec2.create_route_table(VpcId=vpc, ClientToken="tok-3")["RouteTable"]["RouteTableId"]
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
    assert retried in {t["RouteTableId"] for t in tables}
    assert len(tables) == 4  # the main table, tok-1, tok-2, tok-3: no duplicate


def test_tokens_are_forgotten_on_reset(emulator, aws):
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    ec2.create_route_table(VpcId=vpc, ClientToken="tok-r")
    emulator.reset()
    vpc = aws("ec2").create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    table = aws("ec2").create_route_table(VpcId=vpc, ClientToken="tok-r")["RouteTable"]
    assert table["VpcId"] == vpc
