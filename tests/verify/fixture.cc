#include "fixture.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cloud/policy/policy_documents.h"
#include "verify/registry.h"

namespace raycloud::verify {

void PrintTo(CheckStatus status, std::ostream* os) { *os << CheckStatusName(status); }

namespace testing {

using nlohmann::json;

json LoadJson(const std::string& name) {
  std::string path = std::string(RAYCLOUD_SOURCE_DIR) + "/tests/verify/fixtures/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream text;
  text << in.rdbuf();
  json document = json::parse(text.str(), nullptr, false);
  EXPECT_FALSE(document.is_discarded()) << path << " is not valid JSON";
  return document;
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof(buffer), "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

json CloudFixture(const std::string& name) {
  json document = LoadJson(name);
  const json& t = document["target"];
  cloud::PolicyParams params;
  params.account_id = t.value("account_id", "");
  params.region = t.value("region", "");
  params.cloud_id = t.value("cloud_id", "");
  params.bucket_name = t.value("bucket", "");
  params.control_plane_role_arn = t.value("control_plane_role_arn", "");
  params.instance_role_arn = t.value("instance_role_arn", "");
  params.external_id = t.value("external_id", "");
  params.control_plane_principal = t.value("control_plane_principal", "");
  params.kms_key_id = t.value("kms_key_id", "");
  // IAM answers documents URL-encoded; the control-plane trust is kept that way so the
  // decoding is exercised, the rest as the JSON objects other tools return.
  auto& cp = document["control_plane_role"];
  cp["role"]["output"]["Role"]["AssumeRolePolicyDocument"] =
      UrlEncode(cloud::ControlPlaneTrustPolicy(params).dump());
  cp["policies"][0]["document"] = cloud::ControlPlanePolicy(params);
  auto& instance = document["instance_role"];
  instance["role"]["output"]["Role"]["AssumeRolePolicyDocument"] =
      cloud::InstanceTrustPolicy(params);
  instance["policies"][0]["document"] = cloud::InstancePolicy(params);
  document["bucket_policy"]["output"]["Policy"] = cloud::BucketPolicy(params).dump();
  return document;
}

CloudSnapshot ToSnapshot(const json& document) {
  auto snapshot = SnapshotFromJson(document);
  EXPECT_TRUE(snapshot.has_value()) << (snapshot ? "" : snapshot.error().message);
  return snapshot ? std::move(*snapshot) : CloudSnapshot{};
}

const Finding* Find(const Findings& findings, const std::string& id,
                    const std::optional<std::string>& resource) {
  for (const auto& finding : findings) {
    if (finding.id == id && (!resource || finding.resource == resource)) return &finding;
  }
  return nullptr;
}

CheckStatus StatusOf(const Findings& findings, const std::string& id,
                     const std::optional<std::string>& resource) {
  const Finding* finding = Find(findings, id, resource);
  EXPECT_NE(finding, nullptr) << "no finding " << id << " " << resource.value_or("");
  return finding ? finding->status : CheckStatus::kSkip;
}

CheckStatus Check(const json& document, const std::string& id,
                  const std::optional<std::string>& resource) {
  return StatusOf(RunChecks(ToSnapshot(document)), id, resource);
}

Finding RunFinding(const json& document, const std::string& id,
                   const std::optional<std::string>& resource) {
  Findings findings = RunChecks(ToSnapshot(document));
  const Finding* finding = Find(findings, id, resource);
  EXPECT_NE(finding, nullptr) << "no finding " << id;
  return finding ? *finding : Finding{};
}

}  // namespace testing
}  // namespace raycloud::verify
