// `raycloud cloud policies` (cli.md): the IAM and bucket documents a user attaches to build
// a cloud by hand, generated from the same required-actions table that setup writes and
// verify checks.
#include <fmt/format.h>

#include <cstdlib>
#include <regex>

#include "cli/commands.h"
#include "cloud/names.h"
#include "cloud/plan/stored_cloud.h"
#include "cloud/policy/policy_documents.h"
#include "common/strings.h"
#include "store/sqlite_store.h"

namespace raycloud::cli {
namespace {

struct PoliciesFlags {
  std::string name;
  std::string bucket_name;
  std::string instance_role_arn;
  std::string external_id;
  std::string control_plane_principal;
  std::string control_plane_role_arn;
  std::string cloud_id;
};

// A cloud not yet registered has no id; the tag conditions then carry this marker, which
// the user replaces with the id `cloud register` prints.
constexpr const char* kCloudIdPlaceholder = "REPLACE-WITH-CLOUD-ID";

Status ValidateExternalId(const std::string& external_id) {
  // STS: 2-1224 characters of [\w+=,.@:/-].
  static const std::regex kPattern(R"([\w+=,.@:/-]{2,1224})");
  if (!std::regex_match(external_id, kPattern)) {
    return Fail(
        Error::InvalidFlag("--external-id", "use 2-1224 letters, digits and + = , . @ : / - _"));
  }
  return {};
}

std::string RegionFromEnvironment(const GlobalOptions& options) {
  if (!options.region.empty()) return options.region;
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
  }
  return "*";  // the documents then hold for every region
}

Result<cloud::PolicyParams> ParamsForStoredCloud(const PoliciesFlags& flags,
                                                 const GlobalOptions& options) {
  auto store = store::SqliteStore::Open(store::ResolveStateDir(options.state_dir));
  if (!store) return Fail(store.error());
  auto cloud = (*store)->FindCloudByName(flags.name);
  if (!cloud) return Fail(cloud.error());
  if (!*cloud) {
    Error error = Error::NotFound(
        fmt::format("--name: no cloud named '{}'; see raycloud cloud list", flags.name));
    error.details["flag"] = "--name";
    return Fail(std::move(error));
  }
  auto resources = (*store)->ListResources((*cloud)->id);
  if (!resources) return Fail(resources.error());
  return cloud::StoredPolicyParams(**cloud, *resources);
}

Result<cloud::PolicyParams> ParamsFromFlags(const PoliciesFlags& flags,
                                            const GlobalOptions& options) {
  for (const auto& [flag, value] :
       {std::pair{"--bucket-name", &flags.bucket_name},
        std::pair{"--instance-role-arn", &flags.instance_role_arn},
        std::pair{"--external-id", &flags.external_id},
        std::pair{"--control-plane-principal", &flags.control_plane_principal}}) {
    if (value->empty()) {
      return Fail(
          Error::InvalidFlag(flag, "required without --name (or give --name of a stored cloud)"));
    }
  }
  if (auto s = cloud::ValidateBucketName(flags.bucket_name, "--bucket-name"); !s)
    return Fail(s.error());
  if (auto s = cloud::ValidateRoleArn(flags.instance_role_arn, "--instance-role-arn"); !s) {
    return Fail(s.error());
  }
  if (auto s = ValidateExternalId(flags.external_id); !s) return Fail(s.error());
  if (auto s =
          cloud::ValidatePrincipalArn(flags.control_plane_principal, "--control-plane-principal");
      !s) {
    return Fail(s.error());
  }
  if (!flags.control_plane_role_arn.empty()) {
    if (auto s = cloud::ValidateRoleArn(flags.control_plane_role_arn, "--control-plane-role-arn");
        !s) {
      return Fail(s.error());
    }
  }
  // arn:PARTITION:iam::ACCOUNT:role/NAME, checked above.
  const auto parts = strings::Split(flags.instance_role_arn, ':');
  cloud::PolicyParams params;
  params.partition = parts[1];
  params.account_id = parts[4];
  params.region = RegionFromEnvironment(options);
  params.cloud_id = flags.cloud_id.empty() ? kCloudIdPlaceholder : flags.cloud_id;
  params.bucket_name = flags.bucket_name;
  params.instance_role_arn = flags.instance_role_arn;
  params.control_plane_role_arn =
      flags.control_plane_role_arn.empty()
          ? fmt::format("arn:{}:iam::{}:role/REPLACE-WITH-CONTROL-PLANE-ROLE-NAME", parts[1],
                        parts[4])
          : flags.control_plane_role_arn;
  params.external_id = flags.external_id;
  params.control_plane_principal = flags.control_plane_principal;
  return params;
}

// --name reads everything from the stored cloud; the per-document flags describe a cloud
// that is not stored. Given together, one would be silently ignored.
Status CheckPoliciesFlags(const PoliciesFlags& flags) {
  if (!flags.cloud_id.empty()) {
    if (auto ok = cloud::ValidateCloudId(flags.cloud_id, "--cloud-id"); !ok) return ok;
  }
  if (flags.name.empty()) return {};
  if (auto ok = cloud::ValidateCloudName(flags.name); !ok) return ok;
  for (const auto& [flag, value] :
       {std::pair{"--bucket-name", &flags.bucket_name},
        std::pair{"--instance-role-arn", &flags.instance_role_arn},
        std::pair{"--external-id", &flags.external_id},
        std::pair{"--control-plane-principal", &flags.control_plane_principal},
        std::pair{"--control-plane-role-arn", &flags.control_plane_role_arn},
        std::pair{"--cloud-id", &flags.cloud_id}}) {
    if (!value->empty()) {
      return Fail(Error::InvalidFlag(
          flag, fmt::format("cannot be combined with --name (the stored cloud has its own); "
                            "give either --name or {} and the other documents' flags",
                            flag)));
    }
  }
  return {};
}

Result<CommandOutput> PrintPolicies(const PoliciesFlags& flags, const GlobalOptions& options) {
  if (auto ok = CheckPoliciesFlags(flags); !ok) return Fail(ok.error());
  auto params =
      flags.name.empty() ? ParamsFromFlags(flags, options) : ParamsForStoredCloud(flags, options);
  if (!params) return Fail(params.error());
  CommandOutput output;
  output.json = cloud::CloudPoliciesJson(*params);
  static const std::pair<const char*, const char*> kSections[] = {
      {"control_plane_trust", "Control-plane role: trust policy"},
      {"control_plane_policy", "Control-plane role: permissions (inline policy)"},
      {"instance_trust", "Cluster-node role: trust policy"},
      {"instance_policy",
       "Cluster-node role: permissions (inline policy; instance profile of the same name)"},
      {"bucket_policy", "Bucket policy"}};
  for (const auto& [key, title] : kSections) {
    output.text += fmt::format("# {}\n{}\n\n", title, output.json[key].dump(2));
  }
  if (output.json.dump().find("REPLACE-WITH-") != std::string::npos) {
    output.text +=
        "# Replace each REPLACE-WITH-... marker (give --cloud-id and --control-plane-role-arn "
        "to fill them in).\n";
  }
  return output;
}

}  // namespace

void AddCloudPoliciesCommand(CLI::App& cloud, Context& context) {
  auto flags = std::make_shared<PoliciesFlags>();
  auto* command = cloud.add_subcommand(
      "policies", "print the IAM and bucket policies a cloud needs (to build one by hand)");
  command->add_option("-n,--name", flags->name, "a stored cloud");
  command->add_option("--bucket-name", flags->bucket_name, "the cloud's S3 bucket");
  command->add_option("--instance-role-arn", flags->instance_role_arn, "the cluster-node role");
  command->add_option("--external-id", flags->external_id, "the control plane's external id");
  command->add_option("--control-plane-principal", flags->control_plane_principal,
                      "who may assume the control-plane role");
  command->add_option("--control-plane-role-arn", flags->control_plane_role_arn,
                      "the control-plane role (named in the bucket policy)");
  command->add_option("--cloud-id", flags->cloud_id, "the cloud id the tag conditions name");
  command->callback([&context, flags] {
    context.action = [&context, flags] { return PrintPolicies(*flags, context.options); };
  });
}

}  // namespace raycloud::cli
