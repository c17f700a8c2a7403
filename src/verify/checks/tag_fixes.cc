#include "verify/checks/tag_fixes.h"

#include <fmt/format.h>

#include "verify/checks/check_util.h"

namespace raycloud::verify {
namespace {

constexpr const char* kCloudIdTag = "raycloud-cloud-id";

bool CarriesCloudId(const json& resource, const std::string& cloud_id) {
  for (const auto& tag : resource.value("Tags", json::array())) {
    if (tag.value("Key", "") == kCloudIdTag && tag.value("Value", "") == cloud_id) return true;
  }
  return false;
}

// The resource a finding is about, if it was found and belongs to an exists check we tag.
const json* ResourceOf(const CloudSnapshot& s, const Finding& finding) {
  if (finding.status != CheckStatus::kPass || !finding.resource) return nullptr;
  if (finding.id == "vpc.exists") return FindVpc(s);
  if (finding.id == "subnets.exists") return FindSubnet(s, *finding.resource);
  if (finding.id == "security_groups.exists") return FindSecurityGroup(s, *finding.resource);
  return nullptr;
}

}  // namespace

void AddMissingTagFixes(const CloudSnapshot& s, Findings& findings) {
  const std::string& cloud_id = s.target.cloud_id;
  if (cloud_id.empty()) return;
  for (Finding& finding : findings) {
    const json* resource = ResourceOf(s, finding);
    if (resource == nullptr || CarriesCloudId(*resource, cloud_id)) continue;
    finding.fixes.push_back({.service = "ec2",
                             .operation = "CreateTags",
                             .params = {{"Resources", {*finding.resource}},
                                        {"Tags", {{{"Key", kCloudIdTag}, {"Value", cloud_id}}}}},
                             .description = fmt::format("tag {} with {}={}", *finding.resource,
                                                        kCloudIdTag, cloud_id)});
  }
}

}  // namespace raycloud::verify
