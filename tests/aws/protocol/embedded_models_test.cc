#include "aws/models/embedded_models.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "aws/protocol/service_model.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

// operations.txt as {service, [operations]}, read in place.
std::vector<std::pair<std::string, std::vector<std::string>>> ListedOperations() {
  std::ifstream in(RAYCLOUD_SOURCE_DIR "/src/aws/models/operations.txt");
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::vector<std::string> ops;
    std::istringstream words(line.substr(colon + 1));
    for (std::string op; words >> op;) ops.push_back(op);
    out.emplace_back(std::string(strings::Trim(line.substr(0, colon))), ops);
  }
  return out;
}

TEST(EmbeddedModelsTest, EveryListedOperationIsEmbedded) {
  auto listed = ListedOperations();
  ASSERT_EQ(listed.size(), 14u);
  size_t operations = 0;
  for (const auto& [service, ops] : listed) {
    auto model = ServiceModel::Embedded(service);
    ASSERT_TRUE(model) << service << ": " << model.error().message;
    EXPECT_EQ((*model)->operations().size(), ops.size()) << service;
    for (const auto& op : ops) {
      EXPECT_NE((*model)->FindOperation(op), nullptr) << service << ":" << op;
    }
    operations += ops.size();
  }
  EXPECT_GT(operations, 150u);
}

TEST(EmbeddedModelsTest, MetadataCarriesProtocolAndSigningName) {
  struct Expect {
    const char* service;
    Protocol protocol;
    const char* signing_name;
  };
  for (const Expect& e :
       {Expect{"ec2", Protocol::kEc2, "ec2"}, Expect{"iam", Protocol::kQuery, "iam"},
        Expect{"s3", Protocol::kRestXml, "s3"},
        Expect{"efs", Protocol::kRestJson, "elasticfilesystem"},
        Expect{"memorydb", Protocol::kJson, "memorydb"},
        Expect{"service-quotas", Protocol::kJson, "servicequotas"},
        Expect{"elbv2", Protocol::kQuery, "elasticloadbalancing"}}) {
    auto model = ServiceModel::Embedded(e.service);
    ASSERT_TRUE(model) << e.service;
    EXPECT_EQ((*model)->protocol(), e.protocol) << e.service;
    EXPECT_EQ((*model)->metadata().signing_name, e.signing_name) << e.service;
  }
  auto kms = ServiceModel::Embedded("kms");
  ASSERT_TRUE(kms);
  EXPECT_EQ((*kms)->protocol(), Protocol::kJson);
  EXPECT_EQ((*kms)->metadata().signing_name, "kms");
  EXPECT_EQ((*kms)->metadata().target_prefix, "TrentService");
  auto memorydb = ServiceModel::Embedded("memorydb");
  EXPECT_EQ((*memorydb)->metadata().target_prefix, "AmazonMemoryDB");
  EXPECT_EQ((*memorydb)->metadata().json_version, "1.1");
  EXPECT_EQ((*ServiceModel::Embedded("iam"))->metadata().global_endpoint, "iam.amazonaws.com");
}

TEST(EmbeddedModelsTest, PaginatorsOfEmbeddedOperations) {
  auto ec2 = ServiceModel::Embedded("ec2");
  ASSERT_TRUE(ec2);
  const Paginator* instances = (*ec2)->FindPaginator("DescribeInstances");
  ASSERT_NE(instances, nullptr);
  EXPECT_EQ(instances->input_tokens, std::vector<std::string>{"NextToken"});
  EXPECT_EQ(instances->output_tokens, std::vector<std::string>{"NextToken"});
  EXPECT_EQ(instances->result_keys, std::vector<std::string>{"Reservations"});
  EXPECT_EQ(instances->limit_key, "MaxResults");

  auto iam = ServiceModel::Embedded("iam");
  const Paginator* roles = (*iam)->FindPaginator("ListRoles");
  ASSERT_NE(roles, nullptr);
  EXPECT_EQ(roles->more_results, "IsTruncated");
  EXPECT_EQ(roles->output_tokens, std::vector<std::string>{"Marker"});
  EXPECT_EQ(roles->limit_key, "MaxItems");
  // Not embedded, so no paginator either.
  EXPECT_EQ((*iam)->FindPaginator("ListUsers"), nullptr);
}

TEST(EmbeddedModelsTest, WaitersOnlyForEmbeddedOperations) {
  auto ec2 = ServiceModel::Embedded("ec2");
  ASSERT_TRUE(ec2);
  const Waiter* running = (*ec2)->FindWaiter("InstanceRunning");
  ASSERT_NE(running, nullptr);
  EXPECT_EQ(running->operation, "DescribeInstances");
  EXPECT_GT(running->max_attempts, 0);
  EXPECT_TRUE(running->acceptors.is_array());
  EXPECT_FALSE(running->acceptors.empty());
  EXPECT_NE((*ec2)->FindWaiter("NatGatewayAvailable"), nullptr);
  // DescribeVolumes is not embedded: its waiter is left out.
  EXPECT_EQ((*ec2)->FindWaiter("VolumeAvailable"), nullptr);
  for (const auto& [name, waiter] : (*ec2)->waiters()) {
    EXPECT_NE((*ec2)->FindOperation(waiter.operation), nullptr) << name;
  }
}

TEST(EmbeddedModelsTest, UnknownServiceIsNotFound) {
  EXPECT_EQ(FindEmbeddedModel("lambda"), nullptr);
  auto model = ServiceModel::Embedded("lambda");
  ASSERT_FALSE(model);
  EXPECT_EQ(model.error().kind, ErrorKind::kNotFound);
}

TEST(EmbeddedModelsTest, ParsedOnceAndSharedAcrossThreads) {
  std::vector<const ServiceModel*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] {
      auto model = ServiceModel::Embedded("cloudformation");
      if (model) seen[i] = model->get();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const ServiceModel* model : seen) {
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(model, seen[0]);
  }
}

TEST(EmbeddedModelsTest, EmbeddedTextStaysCompact) {
  size_t total = 0;
  for (std::string_view service : EmbeddedServiceNames()) {
    const ServiceModelData* data = FindEmbeddedModel(service);
    ASSERT_NE(data, nullptr);
    EXPECT_EQ(data->json.find("documentation"), std::string_view::npos) << service;
    total += data->json.size();
  }
  // Documentation stripped and only reachable shapes kept: well under 1 MB for all services.
  EXPECT_LT(total, 1'000'000u);
}

TEST(EmbeddedModelsTest, MemberTraitsComeThroughTheModel) {
  auto ec2 = ServiceModel::Embedded("ec2");
  const Shape* request = (*ec2)->FindShape("RunInstancesRequest");
  ASSERT_NE(request, nullptr);
  const ShapeRef* token = request->FindMember("ClientToken");
  ASSERT_NE(token, nullptr);
  EXPECT_TRUE(token->idempotency_token);
  EXPECT_EQ(token->WireName(), "clientToken");

  auto s3 = ServiceModel::Embedded("s3");
  const Operation* put = (*s3)->FindOperation("PutObject");
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->http_method, "PUT");
  EXPECT_EQ(put->request_uri, "/{Bucket}/{Key+}");
  const ShapeRef* metadata = put->input->FindMember("Metadata");
  ASSERT_NE(metadata, nullptr);
  EXPECT_EQ(metadata->location, Location::kHeaders);
  EXPECT_EQ(metadata->WireName(), "x-amz-meta-");
  EXPECT_TRUE((*s3)->FindOperation("DeleteObjects")->http_checksum_required);
}

}  // namespace
}  // namespace raycloud::aws
