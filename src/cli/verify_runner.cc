#include "cli/verify_runner.h"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <limits>

#include "cli/aws_access.h"
#include "cloud/cloud_view.h"
#include "verify/gather.h"
#include "verify/registry.h"

namespace raycloud::cli {

using json = nlohmann::json;

namespace {

std::vector<std::string> Strings(const json& value) {
  std::vector<std::string> out;
  if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

std::string StringOr(const json& object, const char* key) {
  return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

}  // namespace

verify::VerifyTarget TargetOfCloud(const store::CloudRecord& cloud,
                                   const std::vector<store::ResourceRecord>& resources) {
  json view = cloud::CloudJson(cloud, resources);
  const json& r = view["resources"];
  const json& options = cloud.options;
  verify::VerifyTarget target;
  target.cloud_name = cloud.name;
  target.cloud_id = cloud.id;
  target.org_id = cloud.org_id;
  target.region = cloud.region;
  target.private_network = options.value("private_network", false);
  target.vpc_id = StringOr(r, "vpc_id");
  target.subnet_ids = Strings(r["subnet_ids"]);
  target.nat_subnet_ids = Strings(r["nat_subnet_ids"]);
  target.security_group_ids = Strings(r["security_group_ids"]);
  if (options.contains("ingress_cidrs")) target.ingress_cidrs = Strings(options["ingress_cidrs"]);
  target.bucket = StringOr(r, "s3_bucket");
  target.kms_key_id = StringOr(options, "kms_key_id");
  target.console_origins = Strings(options.value("console_origins", json::array()));
  // Whole days only: a stored float (1e100) would not convert to int.
  if (auto days = options.find("log_retention_days");
      days != options.end() && days->is_number_integer() && days->get<int64_t>() > 0 &&
      days->get<int64_t>() <= std::numeric_limits<int>::max()) {
    target.log_retention_days = static_cast<int>(days->get<int64_t>());
  }
  target.control_plane_role_arn = StringOr(r, "control_plane_role_arn");
  target.instance_role_arn = StringOr(r, "instance_role_arn");
  target.external_id = cloud.external_id;
  target.control_plane_principal = StringOr(options, "control_plane_principal");
  target.efs_id = StringOr(r, "efs_id");
  target.memorydb_cluster_name = StringOr(r, "memorydb_cluster_name");
  return target;
}

Result<std::optional<aws::AwsSession>> ControlPlaneSession(const GlobalOptions& options) {
  const char* profile = std::getenv("RAYCLOUD_CONTROL_PLANE_PROFILE");
  if (profile == nullptr || *profile == '\0') return std::optional<aws::AwsSession>();
  GlobalOptions control_plane = options;
  control_plane.profile = profile;
  auto session = ConnectAws(control_plane);
  if (!session) return Fail(session.error());
  return std::optional<aws::AwsSession>(std::move(*session));
}

Result<verify::CloudSnapshot> GatherForVerify(aws::AwsClient& aws,
                                              const verify::VerifyTarget& target,
                                              const GlobalOptions& options) {
  GlobalOptions in_region = options;
  in_region.region = target.region;
  auto control_plane = ControlPlaneSession(in_region);
  if (!control_plane) return Fail(control_plane.error());
  return verify::GatherSnapshot(
      aws, target,
      {.control_plane_client = *control_plane ? (*control_plane)->client.get() : nullptr});
}

Result<VerifyOutcome> VerifyStoredCloud(aws::AwsClient& aws, store::Store& store,
                                        const store::CloudRecord& cloud,
                                        const GlobalOptions& options) {
  auto resources = store.ListResources(cloud.id);
  if (!resources) return Fail(resources.error());
  verify::VerifyTarget target = TargetOfCloud(cloud, *resources);
  auto snapshot = GatherForVerify(aws, target, options);
  if (!snapshot) return Fail(snapshot.error());
  VerifyOutcome outcome;
  outcome.report.cloud_name = cloud.name;
  outcome.report.cloud_id = cloud.id;
  outcome.report.findings = verify::RunChecks(*snapshot);
  outcome.passed = outcome.report.Passed();
  json full = verify::RenderJson(outcome.report, false);
  outcome.summary_json = {{"passed", full["passed"]}, {"summary", full["summary"]}};
  outcome.text = verify::RenderText(
      outcome.report, {.color = options.output == "text" && isatty(STDOUT_FILENO) != 0});
  return outcome;
}

}  // namespace raycloud::cli
