#include "cloud/plan/setup_options.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace raycloud::cloud {
namespace {

SetupOptions Valid() {
  SetupOptions options;
  options.name = "demo";
  options.region = "us-west-2";
  return options;
}

// Expects an invalid-argument error naming `flag`.
void ExpectRejected(const SetupOptions& options, const std::string& flag) {
  auto status = ValidateSetupOptions(options);
  ASSERT_FALSE(status) << "expected " << flag << " to be rejected";
  EXPECT_EQ(status.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(status.error().details.at("flag"), flag) << status.error().message;
  EXPECT_NE(status.error().message.find(flag), std::string::npos) << status.error().message;
}

TEST(SetupOptionsTest, DefaultsFollowTheContract) {
  SetupOptions options;
  EXPECT_EQ(options.provider, "aws");
  EXPECT_EQ(options.memorydb_node_type, "db.t4g.small");
  EXPECT_EQ(options.shared_storage, "object-storage");
  EXPECT_EQ(options.vpc_cidr, "10.0.0.0/16");
  EXPECT_EQ(options.ingress_cidrs, std::vector<std::string>{"0.0.0.0/0"});
  EXPECT_EQ(options.log_retention_days, 90);
  EXPECT_EQ(options.EffectiveNatGateways(), "per-az");
  EXPECT_FALSE(options.private_network);
  EXPECT_TRUE(ValidateSetupOptions(Valid()));
}

TEST(SetupOptionsTest, NameAndProvider) {
  auto options = Valid();
  options.name = "Demo_Cloud";
  ExpectRejected(options, "--name");
  options = Valid();
  options.provider = "gcp";
  ExpectRejected(options, "--provider");
  options = Valid();
  options.region = "uswest2";
  ExpectRejected(options, "--region");
}

TEST(SetupOptionsTest, VpcCidrMustBeANetworkAddressFromSlash16ToSlash19) {
  auto options = Valid();
  for (const char* good : {"10.0.0.0/16", "172.16.0.0/19", "192.168.32.0/19", "10.20.0.0/17"}) {
    options.vpc_cidr = good;
    EXPECT_TRUE(ValidateSetupOptions(options)) << good;
  }
  for (const char* bad : {"10.0.0.0/15", "10.0.0.0/20", "10.0.0.1/16", "10.0.0.0", "300.0.0.0/16",
                          "127.0.0.0/16", "169.254.0.0/16", "224.0.0.0/16"}) {
    options.vpc_cidr = bad;
    ExpectRejected(options, "--vpc-cidr");
  }
}

TEST(SetupOptionsTest, AvailabilityZones) {
  auto options = Valid();
  options.availability_zones = {"us-west-2a", "us-west-2b"};
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.availability_zones = {"us-west-2a", "us-west-2b",       "us-west-2c",
                                "us-west-2d", "us-west-2-lax-1a", "us-west-2-lax-1b"};
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.availability_zones.push_back("us-west-2e");
  ExpectRejected(options, "--availability-zones");  // 7 > 6
  options.availability_zones = {"us-west-2a"};
  ExpectRejected(options, "--availability-zones");  // 1 < 2
  options.availability_zones = {"us-west-2a", "us-west-2a"};
  ExpectRejected(options, "--availability-zones");  // not distinct
  options.availability_zones = {"us-west-2a", "us-east-1b"};
  ExpectRejected(options, "--availability-zones");  // another region
  options.availability_zones = {"us-west-2a", "us-west-21b"};
  ExpectRejected(options, "--availability-zones");  // a prefix is not the region
  options.availability_zones = {"us-west-2a", "usw2-az1"};
  ExpectRejected(options, "--availability-zones");  // a zone id, not a name
}

TEST(SetupOptionsTest, NatGatewaysOnlyInPrivateMode) {
  auto options = Valid();
  options.nat_gateways = "single";
  ExpectRejected(options, "--nat-gateways");
  options.private_network = true;
  EXPECT_TRUE(ValidateSetupOptions(options));
  EXPECT_EQ(options.EffectiveNatGateways(), "single");
  options.nat_gateways = "per-az";
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.nat_gateways = "two";
  ExpectRejected(options, "--nat-gateways");
}

TEST(SetupOptionsTest, SharedStorageAndIngress) {
  auto options = Valid();
  options.shared_storage = "nfs";
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.shared_storage = "efs";
  ExpectRejected(options, "--shared-storage");
  options = Valid();
  options.ingress_cidrs = {"203.0.113.0/24", "198.51.100.7/32"};
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.ingress_cidrs = {"203.0.113.1/24"};
  ExpectRejected(options, "--ingress-cidr");
  options.ingress_cidrs = {};
  ExpectRejected(options, "--ingress-cidr");
}

TEST(SetupOptionsTest, PrincipalBucketAndKmsKey) {
  auto options = Valid();
  options.control_plane_principal = "arn:aws:iam::123456789012:role/ops";
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.control_plane_principal = "123456789012";
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.control_plane_principal = "arn:aws:iam::1234:root";
  ExpectRejected(options, "--control-plane-principal");

  options = Valid();
  options.bucket_name = "my-data.bucket";
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.bucket_name = "My_Bucket";
  ExpectRejected(options, "--bucket-name");

  options = Valid();
  for (const char* good :
       {"1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab",
        "alias/raycloud", "alias/aws/s3",
        "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-west-2:123456789012:alias/raycloud"}) {
    options.kms_key_id = good;
    EXPECT_TRUE(ValidateSetupOptions(options)) << good;
  }
  for (const char* bad : {"1234", "alias/", "key/1234abcd-12ab-34cd-56ef-1234567890ab",
                          "arn:aws:kms:us-west-2:123:key/x", "alias/bad name"}) {
    options.kms_key_id = bad;
    ExpectRejected(options, "--kms-key-id");
  }
}

TEST(SetupOptionsTest, ConsoleOrigins) {
  auto options = Valid();
  options.console_origins = {"https://console.example.com", "https://*.example.com:8443",
                             "http://localhost:3000", "http://localhost"};
  EXPECT_TRUE(ValidateSetupOptions(options));
  for (const char* bad : {"http://console.example.com", "https://example.com/app",
                          "https://example.com/", "ftp://example.com", "example.com",
                          "https://exa mple.com", "https://example.com:99999", "https://"}) {
    options.console_origins = {bad};
    ExpectRejected(options, "--console-origin");
  }
}

TEST(SetupOptionsTest, LogRetentionDays) {
  auto options = Valid();
  for (int good : {1, 90, 3650}) {
    options.log_retention_days = good;
    EXPECT_TRUE(ValidateSetupOptions(options)) << good;
  }
  for (int bad : {0, -1, 3651}) {
    options.log_retention_days = bad;
    ExpectRejected(options, "--log-retention-days");
  }
}

TEST(SetupOptionsTest, Tags) {
  auto options = Valid();
  options.tags = {{"team", "ml"}, {"cost:center", "a b/c"}};
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.tags = {{"team", "ml"}, {"team", "infra"}};
  ExpectRejected(options, "--tag");
  options.tags = {{"aws:x", "1"}};
  ExpectRejected(options, "--tag");
  options.tags = {{"Name", "mine"}};
  ExpectRejected(options, "--tag");
  options.tags = {{"k", "bad#value"}};
  ExpectRejected(options, "--tag");
  options.tags.clear();
  for (int i = 0; i < kMaxUserTags; ++i) options.tags.push_back({"k" + std::to_string(i), "v"});
  EXPECT_TRUE(ValidateSetupOptions(options));
  options.tags.push_back({"one-too-many", "v"});
  ExpectRejected(options, "--tag");
}

TEST(SetupOptionsTest, ParseUserTag) {
  auto tag = ParseUserTag("team=ml=platform");
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->key, "team");
  EXPECT_EQ(tag->value, "ml=platform");
  auto empty = ParseUserTag("flag=");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->value, "");
  EXPECT_FALSE(ParseUserTag("novalue"));
}

TEST(SetupOptionsTest, MemoryDbNodeType) {
  auto options = Valid();
  options.enable_head_node_fault_tolerance = true;
  for (const char* good : {"db.t4g.small", "db.r7g.xlarge", "db.r6gd.2xlarge"}) {
    options.memorydb_node_type = good;
    EXPECT_TRUE(ValidateSetupOptions(options)) << good;
  }
  for (const char* bad :
       {"t4g.small", "db.t4g", "cache.t4g.small", "db.t4g.micro", "DB.T4G.SMALL"}) {
    options.memorydb_node_type = bad;
    ExpectRejected(options, "--memorydb-node-type");
  }
}

TEST(SetupOptionsTest, JsonRoundTripKeepsEveryStoredField) {
  SetupOptions options = Valid();
  options.enable_head_node_fault_tolerance = true;
  options.memorydb_node_type = "db.r7g.large";
  options.enable_versioning = true;
  options.shared_storage = "nfs";
  options.private_network = true;
  options.vpc_cidr = "172.16.0.0/17";
  options.availability_zones = {"us-west-2b", "us-west-2c"};
  options.nat_gateways = "single";
  options.ingress_cidrs = {"203.0.113.0/24"};
  options.control_plane_principal = "arn:aws:iam::123456789012:role/ops";
  options.bucket_name = "my-bucket";
  options.kms_key_id = "alias/raycloud";
  options.console_origins = {"https://console.example.com"};
  options.enable_ecr_access = true;
  options.log_retention_days = 30;
  options.tags = {{"team", "ml"}, {"empty", ""}};
  nlohmann::json json = SetupOptionsToJson(options);
  // Through text, as the store keeps it.
  auto back = SetupOptionsFromJson(nlohmann::json::parse(json.dump()));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, options);

  // How to run is not stored.
  options.dry_run = true;
  options.no_rollback = true;
  EXPECT_FALSE(SetupOptionsToJson(options).contains("dry_run"));
  EXPECT_EQ(SetupOptionsToJson(options), json);
}

TEST(SetupOptionsTest, JsonMissingKeysKeepDefaultsAndWrongTypesFail) {
  auto partial = SetupOptionsFromJson(nlohmann::json{{"name", "demo"}});
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->vpc_cidr, "10.0.0.0/16");
  EXPECT_EQ(partial->log_retention_days, 90);
  auto wrong = SetupOptionsFromJson(nlohmann::json{{"name", "demo"}, {"log_retention_days", "x"}});
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("log_retention_days"), std::string::npos);
  EXPECT_FALSE(SetupOptionsFromJson(nlohmann::json::array()));
  // A number that is not a whole number in int's range is refused, not cast (UBSan finding
  // of the CI fuzz run, kept in fuzz/corpus/stored_options).
  for (const char* days : {"1e100", "5.5", "4294967296", "-9223372036854775809"}) {
    auto out_of_range = SetupOptionsFromJson(nlohmann::json::parse(
        std::string(R"({"name": "demo", "log_retention_days": )") + days + "}"));
    EXPECT_FALSE(out_of_range) << days;
  }
}

}  // namespace
}  // namespace raycloud::cloud
