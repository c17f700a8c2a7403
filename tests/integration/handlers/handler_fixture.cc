#include "integration/handlers/handler_fixture.h"

#include <cstdio>

#include "aws/auth/credentials.h"
#include "cloud/exec/resource_handler.h"
#include "cloud/plan/resource_kinds.h"

// One emulator for the whole integration binary, reset before every test.
static auto* const kEmulator = raycloud::testing::AddEmulatorEnvironment();

namespace raycloud::cloud::testing {

using json = nlohmann::json;

Clock::TimePoint EmulatorClock::Now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void EmulatorClock::SleepFor(Duration duration) {
  {
    std::lock_guard lock(mutex_);
    now_ += duration;
    slept_ += duration;
  }
  if (raycloud::testing::EmulatorEnvironment::Running()) {
    (void)raycloud::testing::EmulatorEnvironment::Get().AdvancePending(
        std::chrono::duration<double>(duration).count());
  }
}

Clock::Duration EmulatorClock::slept() const {
  std::lock_guard lock(mutex_);
  return slept_;
}

void HandlerTest::SetUp() {
  ASSERT_TRUE(raycloud::testing::EmulatorEnvironment::Running()) << "the emulator did not start";
  identity_ = {.cloud_id = "cld_handlers0test0cloud0id00",
               .org_id = "org_handlers0test0org0id0000",
               .account_id = "123456789012",
               .region = "us-west-2",
               .external_id = "external-id-for-tests"};
  aws::ClientConfig config;
  config.region = "us-west-2";
  config.endpoint_url = emulator().endpoint();
  config.credentials = std::make_shared<aws::StaticCredentialsProvider>(
      aws::Credentials{.access_key_id = "AKIAHANDLERSTEST0000",
                       .secret_access_key = "handlers-test-secret",
                       .source = "environment"});
  config.clock = &clock_;
  auto client = aws::AwsClient::Create(std::move(config));
  ASSERT_TRUE(client) << client.error().message;
  client_ = std::move(*client);
  Timing timing{.resource_timeout = std::chrono::minutes(30),
                .max_poll_interval = std::chrono::seconds(30),
                .first_poll_interval = std::chrono::seconds(5),
                .iam_propagation = std::chrono::seconds(60)};
  context_.reset(new ResourceContext{*client_, identity_, cloud_name_, clock_, timing});
}

json HandlerTest::Tags(const std::string& logical_name) const {
  return json::array({{{"Key", "raycloud-cloud-id"}, {"Value", identity_.cloud_id}},
                      {{"Key", "raycloud-cloud-name"}, {"Value", cloud_name_}},
                      {{"Key", "raycloud-org-id"}, {"Value", identity_.org_id}},
                      {{"Key", "Name"}, {"Value", cloud_name_ + "-" + logical_name}},
                      {{"Key", "team"}, {"Value", "ml"}}});
}

ResolvedSpec HandlerTest::Spec(const std::string& logical_name, std::string_view kind,
                               json properties) {
  specs_.push_back({logical_name, std::string(kind), {}, properties});
  return ResolvedSpec{specs_.back(), std::move(properties), cloud_name_ + "-" + logical_name};
}

ResourceState HandlerTest::CreateAndAdopt(ResourceHandler& handler, const ResolvedSpec& spec) {
  auto before = handler.Find(spec, *context_);
  EXPECT_TRUE(before) << before.error().message;
  EXPECT_TRUE(before && !before->has_value()) << spec.spec.logical_name << " exists already";
  auto created = handler.Create(spec, *context_);
  EXPECT_TRUE(created) << created.error().message;
  if (!created) return {};
  EXPECT_FALSE(created->physical_id.empty());
  auto ready = handler.WaitReady(spec, *created, *context_);
  EXPECT_TRUE(ready) << ready.error().message;
  auto found = handler.Find(spec, *context_);
  EXPECT_TRUE(found) << found.error().message;
  EXPECT_TRUE(found && found->has_value()) << spec.spec.logical_name << " not found after create";
  if (found && found->has_value()) {
    EXPECT_EQ((*found)->physical_id, created->physical_id) << spec.spec.logical_name;
  }
  return *created;
}

void HandlerTest::DeleteAndForget(ResourceHandler& handler, const ResolvedSpec& spec,
                                  const ResourceState& state) {
  auto deleted = handler.Delete(state, *context_);
  EXPECT_TRUE(deleted) << deleted.error().message;
  auto found = handler.Find(spec, *context_);
  EXPECT_TRUE(found) << found.error().message;
  EXPECT_TRUE(found && !found->has_value()) << spec.spec.logical_name << " still found";
  // Deleting what is gone is success.
  auto again = handler.Delete(state, *context_);
  EXPECT_TRUE(again) << again.error().message;
}

std::pair<std::string, std::string> HandlerTest::MakeVpcAndSubnet() {
  json vpc = Aws("ec2", "CreateVpc", {{"CidrBlock", "10.0.0.0/16"}});
  const std::string vpc_id = vpc["Vpc"].value("VpcId", "");
  json subnet =
      Aws("ec2", "CreateSubnet",
          {{"VpcId", vpc_id}, {"CidrBlock", "10.0.0.0/19"}, {"AvailabilityZone", "us-west-2a"}});
  return {vpc_id, subnet["Subnet"].value("SubnetId", "")};
}

json HandlerTest::Aws(std::string_view service, std::string_view operation, const json& params) {
  auto output = client_->Call(service, operation, params);
  EXPECT_TRUE(output) << output.error().message;
  return output ? *output : json::object();
}

json HandlerTest::LeftBehind() {
  const std::string command = std::string("python3 ") + RAYCLOUD_SOURCE_DIR +
                              "/tests/integration/handlers/leak_check.py " + emulator().endpoint() +
                              " us-west-2 " + identity_.cloud_id;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {{"error", "cannot run " + command}};
  std::string output;
  char buffer[4096];
  while (size_t read = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, read);
  const int status = pclose(pipe);
  json parsed = json::parse(output, nullptr, false);
  if (status != 0 || parsed.is_discarded()) return {{"error", "leak_check.py: " + output}};
  return parsed;
}

}  // namespace raycloud::cloud::testing
