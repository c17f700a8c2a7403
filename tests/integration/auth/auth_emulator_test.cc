// Every service raycloud calls, driven through the real CLI against a private emulator with
// moto's authentication on (moto recomputes each SigV4 signature server-side; the middleware
// does the same for the operations it serves) and every request checked against botocore's
// model of its operation. ACM, Budgets, ELBv2 and CloudFormation are in the embedded models
// for policies and export only: no command calls them.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "integration/cli_emulator_test.h"
#include "support/emulator.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;
using testing::CliResult;

// Signing names of the services the commands below reach.
const std::vector<std::string> kCalledServices = {
    "ec2",      "iam",           "sts",     "s3",        "elasticfilesystem",
    "memorydb", "servicequotas", "pricing", "cloudtrail"};

class AuthEmulatorTest : public testing::CliEmulatorTest {
 protected:
  void SetUp() override {
    CliEmulatorTest::SetUp();
    auto started = raycloud::testing::Emulator::Start({.auth = true});
    ASSERT_TRUE(started) << started.error().message;
    auth_ = std::move(*started);
    ASSERT_TRUE(auth_->credentials().has_value());
    setenv("AWS_ENDPOINT_URL", auth_->endpoint().c_str(), 1);
    setenv("AWS_ACCESS_KEY_ID", auth_->credentials()->access_key_id.c_str(), 1);
    setenv("AWS_SECRET_ACCESS_KEY", auth_->credentials()->secret_access_key.c_str(), 1);
  }

  // Asserts the command succeeded (exit 0), with its output on failure.
  CliResult Ok(const std::string& state_dir, std::vector<std::string> args) {
    CliResult result = Raycloud(state_dir, args);
    EXPECT_EQ(result.exit_code, 0) << args[0] << " " << args[1] << ": " << result.text;
    return result;
  }

  std::unique_ptr<raycloud::testing::Emulator> auth_;
};

TEST_F(AuthEmulatorTest, EveryCommandAndServiceWithSignaturesCheckedAndRequestsValidated) {
  const std::string state = NewStateDir();
  const json whoami = Ok(state, {"auth", "whoami"}).output;
  const std::string admin_arn = whoami.value("arn", "");
  EXPECT_NE(admin_arn.find(":user/raycloud-admin"), std::string::npos) << whoami;

  std::vector<std::string> setup = {"cloud",
                                    "setup",
                                    "--name",
                                    "signed",
                                    "--enable-head-node-fault-tolerance",
                                    "--shared-storage",
                                    "nfs"};
  std::vector<std::string> dry_run = setup;
  dry_run.push_back("--dry-run");
  Ok(state, dry_run);  // prices the plan (Pricing), creates nothing
  // EC2, IAM, STS, S3, EFS, MemoryDB (with the served parameter groups), Service Quotas.
  Ok(state, setup);
  const json cloud = Ok(state, {"cloud", "describe", "--name", "signed"}).output["cloud"];
  ASSERT_EQ(cloud.value("status", ""), "active") << cloud.dump(2);
  Ok(state, {"cloud", "verify", "--name", "signed"});  // + CloudTrail
  Ok(state, {"cloud", "update", "--name", "signed", "--tag", "team=ray"});

  // Register the same resources in another store, with the ids setup handed out.
  const std::string registered = NewStateDir();
  std::vector<std::string> flags = testing::RegisterFlags(cloud, "again");
  flags.insert(flags.end(), {"--external-id", cloud.value("external_id", ""), "--cloud-id",
                             cloud.value("id", "")});
  Ok(registered, flags);
  Ok(registered, {"cloud", "delete", "--name", "again"});
  Ok(state, {"cloud", "delete", "--name", "signed", "--delete-bucket"});

  auto validation = auth_->Validation();
  ASSERT_TRUE(validation) << validation.error().message;
  EXPECT_EQ((*validation)["violations"], json::array()) << validation->dump(2);
  const json& checked = (*validation)["checked_by_service"];
  // The figures the issue asks for, in the test's output.
  std::cout << "requests checked against botocore's models, per service: " << checked.dump()
            << " (total " << validation->value("checked", 0) << ")\n";
  for (const auto& service : kCalledServices) {
    EXPECT_GT(checked.value(service, 0), 0) << service << " was never called: " << checked;
  }
}

TEST_F(AuthEmulatorTest, AWrongSecretOrUnknownKeyIsRefusedAndReportedWithoutTheSecret) {
  const std::string state = NewStateDir();
  const std::string right = auth_->credentials()->secret_access_key;
  const std::string wrong = "wrong-secret-" + right.substr(0, 8);
  setenv("AWS_SECRET_ACCESS_KEY", wrong.c_str(), 1);
  CliResult forged = Raycloud(state, {"auth", "whoami"});
  EXPECT_EQ(forged.exit_code, 1) << forged.text;
  EXPECT_EQ(forged.output["error"]["details"].value("aws_code", ""), "SignatureDoesNotMatch")
      << forged.text;
  EXPECT_NE(forged.text.find("sts GetCallerIdentity failed"), std::string::npos) << forged.text;

  setenv("AWS_ACCESS_KEY_ID", "AKIANOTAKNOWNKEY0000", 1);
  CliResult unknown = Raycloud(state, {"cloud", "setup", "--name", "unsigned", "--dry-run"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.text;
  EXPECT_EQ(unknown.output["error"]["details"].value("aws_code", ""), "InvalidClientTokenId")
      << unknown.text;
  for (const auto* result : {&forged, &unknown}) {
    EXPECT_EQ(result->text.find(wrong), std::string::npos) << result->text;
    EXPECT_EQ(result->text.find(right), std::string::npos) << result->text;
  }
}

}  // namespace
}  // namespace raycloud::cli
