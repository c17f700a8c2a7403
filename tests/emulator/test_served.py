"""Operations moto lacks, answered by the middleware (checked through boto3's parsers)."""

from __future__ import annotations

import json

import botocore.exceptions
import pytest


def _code(call) -> str:
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call()
    return info.value.response["Error"]["Code"]


# ---- MemoryDB parameter groups -------------------------------------------------------------
def test_memorydb_parameter_group_lifecycle(aws):
    memorydb = aws("memorydb")
    group = memorydb.create_parameter_group(
        ParameterGroupName="raycloud", Family="memorydb_redis7", Description="ours"
    )["ParameterGroup"]
    assert group["ARN"] == "arn:aws:memorydb:us-east-1:123456789012:parametergroup/raycloud"
    assert _code(lambda: memorydb.create_parameter_group(
        ParameterGroupName="raycloud", Family="memorydb_redis7")) == (
        "ParameterGroupAlreadyExistsFault")
    names = [g["Name"] for g in memorydb.describe_parameter_groups()["ParameterGroups"]]
    assert "raycloud" in names and "default.memorydb-redis7" in names
    memorydb.update_parameter_group(
        ParameterGroupName="raycloud",
        ParameterNameValues=[{"ParameterName": "maxmemory-policy",
                              "ParameterValue": "allkeys-lru"}],
    )
    parameters = {p["Name"]: p["Value"] for p in memorydb.describe_parameters(
        ParameterGroupName="raycloud")["Parameters"]}
    assert parameters["maxmemory-policy"] == "allkeys-lru"
    assert parameters["tcp-keepalive"] == "300"
    memorydb.delete_parameter_group(ParameterGroupName="raycloud")
    assert _code(lambda: memorydb.describe_parameter_groups(ParameterGroupName="raycloud")) == (
        "ParameterGroupNotFoundFault")


def test_memorydb_parameter_group_tags(aws):
    """Tags on parameter groups (AWS keeps them; `cloud update` re-tags every resource)."""
    memorydb = aws("memorydb")
    arn = memorydb.create_parameter_group(
        ParameterGroupName="tagged", Family="memorydb_redis7",
        Tags=[{"Key": "raycloud-cloud-id", "Value": "cld_1"}])["ParameterGroup"]["ARN"]
    assert memorydb.list_tags(ResourceArn=arn)["TagList"] == [
        {"Key": "raycloud-cloud-id", "Value": "cld_1"}]
    memorydb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "ml"}])
    memorydb.untag_resource(ResourceArn=arn, TagKeys=["raycloud-cloud-id"])
    assert memorydb.list_tags(ResourceArn=arn)["TagList"] == [{"Key": "team", "Value": "ml"}]
    missing = arn.replace("/tagged", "/missing")
    assert _code(lambda: memorydb.list_tags(ResourceArn=missing)) == "ParameterGroupNotFoundFault"


def test_memorydb_parameter_group_validation(aws):
    memorydb = aws("memorydb")
    assert _code(lambda: memorydb.create_parameter_group(
        ParameterGroupName="bad", Family="redis2")) == "InvalidParameterValueException"
    memorydb.create_parameter_group(ParameterGroupName="p", Family="memorydb_valkey7")
    for name, value in [("maxmemory-policy", "sometimes"), ("no-such", "1"),
                        ("tcp-keepalive", "-5")]:
        assert _code(lambda: memorydb.update_parameter_group(
            ParameterGroupName="p",
            ParameterNameValues=[{"ParameterName": name, "ParameterValue": value}],
        )) == "InvalidParameterValueException", name
    assert _code(lambda: memorydb.delete_parameter_group(
        ParameterGroupName="default.memorydb-redis7")) == "InvalidParameterGroupStateFault"


def test_memorydb_parameters_page(aws):
    memorydb = aws("memorydb")
    first = memorydb.describe_parameters(ParameterGroupName="default.memorydb-redis7",
                                         MaxResults=5)
    assert len(first["Parameters"]) == 5 and first["NextToken"]
    rest = memorydb.describe_parameters(ParameterGroupName="default.memorydb-redis7",
                                        NextToken=first["NextToken"])
    names = [p["Name"] for p in first["Parameters"] + rest["Parameters"]]
    assert len(names) == len(set(names)) > 5 and "NextToken" not in rest


# ---- EC2 placement groups --------------------------------------------------------------------
def test_placement_groups(aws):
    ec2 = aws("ec2")
    created = ec2.create_placement_group(
        GroupName="ray-gpu", Strategy="cluster",
        TagSpecifications=[{"ResourceType": "placement-group",
                            "Tags": [{"Key": "raycloud", "Value": "yes"}]}],
    )["PlacementGroup"]
    assert created["GroupId"].startswith("pg-") and created["State"] == "available"
    ec2.create_placement_group(GroupName="spread", Strategy="spread")
    ec2.create_placement_group(GroupName="parts", Strategy="partition", PartitionCount=3)
    assert _code(lambda: ec2.create_placement_group(GroupName="ray-gpu", Strategy="cluster")) == (
        "InvalidPlacementGroup.Duplicate")
    assert _code(lambda: ec2.create_placement_group(GroupName="x", Strategy="tight")) == (
        "InvalidParameterValue")
    [group] = ec2.describe_placement_groups(GroupNames=["ray-gpu"])["PlacementGroups"]
    assert (group["Strategy"], group["Tags"]) == ("cluster", [{"Key": "raycloud",
                                                               "Value": "yes"}])
    partitioned = ec2.describe_placement_groups(
        Filters=[{"Name": "strategy", "Values": ["partition"]}])["PlacementGroups"]
    assert [(g["GroupName"], g["PartitionCount"]) for g in partitioned] == [("parts", 3)]
    assert len(ec2.describe_placement_groups()["PlacementGroups"]) == 3
    ec2.delete_placement_group(GroupName="ray-gpu")
    assert _code(lambda: ec2.describe_placement_groups(GroupNames=["ray-gpu"])) == (
        "InvalidPlacementGroup.Unknown")
    assert _code(lambda: ec2.delete_placement_group(GroupName="ray-gpu")) == (
        "InvalidPlacementGroup.Unknown")
    # Regions are separate, as in AWS.
    assert aws("ec2", region="us-west-2").describe_placement_groups()["PlacementGroups"] == []


# ---- Service Quotas --------------------------------------------------------------------------
def test_ec2_quotas_defaults_and_applied_values(emulator, aws):
    quotas = aws("service-quotas")
    quota = quotas.get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")["Quota"]
    assert quota["Value"] == 5.0
    assert quota["QuotaArn"] == "arn:aws:servicequotas:us-east-1:123456789012:ec2/L-1216C47A"
    assert quota["UsageMetric"]["MetricDimensions"]["Class"] == "Standard/OnDemand"
    emulator.set_quota("ec2", "L-1216C47A", 256, region="us-east-1")
    emulator.set_quota("ec2", "L-34B43A08", 64)
    assert quotas.get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")["Quota"][
        "Value"] == 256.0
    assert quotas.get_aws_default_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")[
        "Quota"]["Value"] == 5.0
    west = aws("service-quotas", region="us-west-2")
    assert west.get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")["Quota"][
        "Value"] == 5.0
    listed = {q["QuotaCode"]: q["Value"] for q in west.list_service_quotas(
        ServiceCode="ec2")["Quotas"]}
    assert listed["L-34B43A08"] == 64.0 and listed["L-0263D0A3"] == 5.0
    defaults = quotas.list_aws_default_service_quotas(ServiceCode="ec2")["Quotas"]
    assert {q["QuotaCode"] for q in defaults} >= {"L-1216C47A", "L-34B43A08", "L-DB2E81BA"}
    assert _code(lambda: quotas.get_service_quota(ServiceCode="ec2", QuotaCode="L-NOPE")) == (
        "NoSuchResourceException")
    with pytest.raises(Exception, match="unknown quota"):
        emulator.set_quota("ec2", "L-NOPE", 1)


def test_vpc_quotas_fill_moto_gaps(emulator, aws):
    quotas = aws("service-quotas")
    # moto answers these two itself...
    assert quotas.get_service_quota(ServiceCode="vpc", QuotaCode="L-F678F1CE")["Quota"][
        "Value"] == 5.0
    assert quotas.list_aws_default_service_quotas(ServiceCode="vpc")["Quotas"]
    # ...and these it lacks.
    listed = {q["QuotaCode"]: q for q in quotas.list_service_quotas(ServiceCode="vpc")["Quotas"]}
    assert listed["L-F678F1CE"]["QuotaName"] == "VPCs per Region"
    default = quotas.get_aws_default_service_quota(ServiceCode="vpc", QuotaCode="L-F678F1CE")
    assert default["Quota"]["Value"] == 5.0
    emulator.set_quota("vpc", "L-F678F1CE", 20)
    assert quotas.get_service_quota(ServiceCode="vpc", QuotaCode="L-F678F1CE")["Quota"][
        "Value"] == 20.0


# ---- Pricing ----------------------------------------------------------------------------------
def _products(pricing, service: str, **filters: str) -> list[dict]:
    answer = pricing.get_products(
        ServiceCode=service,
        Filters=[{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in filters.items()],
    )
    assert answer["FormatVersion"] == "aws_v1"
    return [json.loads(item) for item in answer["PriceList"]]  # JSON strings, as in AWS


def _hourly(document: dict) -> float:
    [term] = document["terms"]["OnDemand"].values()
    [dimension] = term["priceDimensions"].values()
    return float(dimension["pricePerUnit"]["USD"])


def test_pricing_instance_types(aws):
    pricing = aws("pricing")
    [m5] = _products(pricing, "AmazonEC2", instanceType="m5.large", regionCode="us-east-1",
                     operatingSystem="Linux", tenancy="Shared", preInstalledSw="NA",
                     capacitystatus="Used")
    assert _hourly(m5) == pytest.approx(0.096)
    assert m5["product"]["attributes"]["location"] == "US East (N. Virginia)"
    [g5] = _products(pricing, "AmazonEC2", instanceType="g5.xlarge",
                     location="US West (Oregon)")
    assert _hourly(g5) == pytest.approx(1.006)
    assert g5["product"]["attributes"]["usagetype"] == "USW2-BoxUsage:g5.xlarge"
    assert _products(pricing, "AmazonEC2", instanceType="x9.nothing") == []


def test_pricing_nat_eip_efs_memorydb(aws):
    pricing = aws("pricing")
    nat = _products(pricing, "AmazonEC2", productFamily="NAT Gateway", regionCode="us-west-2")
    assert {d["terms"]["OnDemand"].popitem()[1]["priceDimensions"].popitem()[1]["unit"]
            for d in nat} == {"Hrs", "GB"}
    [eip] = _products(pricing, "AmazonEC2", productFamily="IP Address", regionCode="us-east-1")
    assert _hourly(eip) == pytest.approx(0.005)
    [efs] = _products(pricing, "AmazonEFS", storageClass="General Purpose",
                      regionCode="us-east-1")
    assert _hourly(efs) == pytest.approx(0.30)
    nodes = _products(pricing, "AmazonMemoryDB", instanceType="db.r7g.large",
                      regionCode="us-east-1")
    by_engine = {d["product"]["attributes"]["engine"]: _hourly(d) for d in nodes}
    assert by_engine["Valkey"] == pytest.approx(by_engine["Redis OSS"] * 0.7)


def test_pricing_pages_and_attributes(aws):
    pricing = aws("pricing")
    first = pricing.get_products(ServiceCode="AmazonEC2", MaxResults=3)
    assert len(first["PriceList"]) == 3 and first["NextToken"]
    services = pricing.describe_services(ServiceCode="AmazonEC2")["Services"]
    assert "instanceType" in services[0]["AttributeNames"]
    values = [v["Value"] for v in pricing.get_attribute_values(
        ServiceCode="AmazonEC2", AttributeName="instanceType")["AttributeValues"]]
    assert {"m5.large", "p3.2xlarge"} <= set(values)
