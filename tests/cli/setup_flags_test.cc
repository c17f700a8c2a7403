#include "cli/setup_flags.h"

#include <gtest/gtest.h>

namespace raycloud::cli {
namespace {

// Parses `args` as `setup ARGS...` and returns the finished options or the error.
Result<cloud::SetupOptions> ParseSetup(std::vector<std::string> args, GlobalOptions global = {}) {
  CLI::App app;
  SetupFlags flags;
  AddSetupFlags(app, flags);
  std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
  app.parse(args);
  return SetupOptionsFromFlags(flags, global);
}

TEST(SetupFlagsTest, DefaultsAndRegion) {
  GlobalOptions global;
  global.region = "us-west-2";
  auto options = ParseSetup({"--name", "demo"}, global);
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->name, "demo");
  EXPECT_EQ(options->region, "us-west-2");
  EXPECT_EQ(options->ingress_cidrs, std::vector<std::string>{"0.0.0.0/0"});
  EXPECT_EQ(options->vpc_cidr, "10.0.0.0/16");
}

TEST(SetupFlagsTest, EveryFlagLandsInItsOption) {
  auto options = ParseSetup({"-n",
                             "demo",
                             "--provider",
                             "aws",
                             "--enable-head-node-fault-tolerance",
                             "--memorydb-node-type",
                             "db.r7g.large",
                             "--enable-versioning",
                             "--shared-storage",
                             "nfs",
                             "--private-network",
                             "--vpc-cidr",
                             "172.16.0.0/17",
                             "--availability-zones",
                             "us-west-2a,us-west-2b",
                             "--nat-gateways",
                             "single",
                             "--ingress-cidr",
                             "203.0.113.0/24",
                             "--ingress-cidr",
                             "198.51.100.0/24",
                             "--control-plane-principal",
                             "123456789012",
                             "--bucket-name",
                             "my-bucket",
                             "--kms-key-id",
                             "alias/raycloud",
                             "--console-origin",
                             "https://console.example.com",
                             "--enable-ecr-access",
                             "--log-retention-days",
                             "30",
                             "--tag",
                             "team=ml",
                             "--tag",
                             "env=dev",
                             "--dry-run",
                             "--no-rollback"});
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_TRUE(options->enable_head_node_fault_tolerance);
  EXPECT_EQ(options->memorydb_node_type, "db.r7g.large");
  EXPECT_TRUE(options->enable_versioning);
  EXPECT_TRUE(options->nfs());
  EXPECT_TRUE(options->private_network);
  EXPECT_EQ(options->vpc_cidr, "172.16.0.0/17");
  EXPECT_EQ(options->availability_zones, (std::vector<std::string>{"us-west-2a", "us-west-2b"}));
  EXPECT_EQ(options->nat_gateways, "single");
  // Given, the list replaces the default.
  EXPECT_EQ(options->ingress_cidrs,
            (std::vector<std::string>{"203.0.113.0/24", "198.51.100.0/24"}));
  EXPECT_EQ(options->control_plane_principal, "123456789012");
  EXPECT_EQ(options->bucket_name, "my-bucket");
  EXPECT_EQ(options->kms_key_id, "alias/raycloud");
  EXPECT_EQ(options->console_origins, std::vector<std::string>{"https://console.example.com"});
  EXPECT_TRUE(options->enable_ecr_access);
  EXPECT_EQ(options->log_retention_days, 30);
  ASSERT_EQ(options->tags.size(), 2u);
  EXPECT_EQ(options->tags[1].key, "env");
  EXPECT_EQ(options->tags[1].value, "dev");
  EXPECT_TRUE(options->dry_run);
  EXPECT_TRUE(options->no_rollback);
}

TEST(SetupFlagsTest, InvalidValuesNameTheFlag) {
  auto bad_nat = ParseSetup({"--name", "demo", "--nat-gateways", "single"});
  ASSERT_FALSE(bad_nat);
  EXPECT_EQ(bad_nat.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(bad_nat.error().message.find("--nat-gateways"), std::string::npos);
  auto bad_tag = ParseSetup({"--name", "demo", "--tag", "novalue"});
  ASSERT_FALSE(bad_tag);
  EXPECT_NE(bad_tag.error().message.find("--tag"), std::string::npos);
  EXPECT_THROW(ParseSetup({"--vpc-cidr", "10.0.0.0/16"}), CLI::RequiredError);
}

TEST(UpdateFlagsTest, AppliesOnlyWhatWasGiven) {
  cloud::SetupOptions stored;
  stored.name = "demo";
  stored.region = "us-west-2";
  stored.tags = {{"team", "ml"}};
  CLI::App app;
  UpdateFlags flags;
  AddUpdateFlags(app, flags);
  std::vector<std::string> args = {
      "--name",         "demo",  "--shared-storage", "nfs",   "--ingress-cidr",
      "203.0.113.0/24", "--tag", "team=infra",       "--tag", "env=prod"};
  std::reverse(args.begin(), args.end());
  app.parse(args);
  auto updated = ApplyUpdateFlags(stored, flags);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_TRUE(updated->nfs());
  EXPECT_FALSE(updated->enable_head_node_fault_tolerance);
  EXPECT_EQ(updated->ingress_cidrs, std::vector<std::string>{"203.0.113.0/24"});
  ASSERT_EQ(updated->tags.size(), 2u);
  EXPECT_EQ(updated->tags[0].value, "infra");
  EXPECT_EQ(updated->vpc_cidr, stored.vpc_cidr);

  UpdateFlags remove;
  remove.shared_storage = "object-storage";
  EXPECT_FALSE(ApplyUpdateFlags(*updated, remove));
  UpdateFlags bad;
  bad.ingress_cidrs = {"10.0.0.1/8"};
  EXPECT_FALSE(ApplyUpdateFlags(stored, bad));
}

}  // namespace
}  // namespace raycloud::cli
