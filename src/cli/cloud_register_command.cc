// `raycloud cloud register`: records a cloud made of resources the user built, after
// verifying them; stores nothing when a check fails (cli.md). It never edits the user's
// resources: where something must change, the report prints the exact command.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <regex>

#include "cli/aws_access.h"
#include "cli/cloud_store.h"
#include "cli/commands.h"
#include "cli/verify_runner.h"
#include "cloud/cloud_view.h"
#include "cloud/names.h"
#include "cloud/policy/policy_documents.h"
#include "common/random.h"
#include "common/strings.h"
#include "verify/gather.h"
#include "verify/registry.h"
#include "verify/report.h"

namespace raycloud::cli {
namespace {

using nlohmann::json;

struct RegisterFlags {
  std::string name;
  std::string provider = "aws";
  std::string vpc_id;
  std::vector<std::string> subnet_ids;
  std::vector<std::string> security_group_ids;
  std::string bucket;
  std::string control_plane_role_arn;
  std::string instance_role_arn;
  std::string external_id;
  std::string cloud_id;
  std::string efs_id;
  std::string memorydb_cluster_id;
  bool private_network = false;
  bool skip_verifications = false;
};

// `s3://name`, `arn:aws:s3:::name` and `name` all name the bucket `name`.
std::string BucketName(std::string text) {
  if (text.starts_with("s3://")) text = text.substr(5);
  if (auto pos = text.find(":::"); text.starts_with("arn:") && pos != std::string::npos) {
    text = text.substr(pos + 3);
  }
  while (text.ends_with("/")) text.pop_back();
  return text;
}

// AWS resource ids: the prefix and 8 (older) or 17 lowercase hex digits.
Status CheckId(const std::string& id, std::string_view prefix, std::string_view flag) {
  const size_t digits = id.size() - std::min(id.size(), prefix.size());
  bool ok = id.starts_with(prefix) && (digits == 8 || digits == 17);
  for (char c : id.substr(std::min(id.size(), prefix.size()))) {
    ok = ok && ((c >= 'a' && c <= 'f') || (c >= '0' && c <= '9'));
  }
  if (ok) return {};
  return Fail(Error::InvalidFlag(
      flag, fmt::format("'{}' is not a {} id ({} followed by 8 or 17 lowercase hex digits, e.g. "
                        "{}0123456789abcdef0)",
                        id, prefix, prefix, prefix)));
}

Status CheckIdList(const std::vector<std::string>& ids, std::string_view prefix,
                   std::string_view flag) {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (auto ok = CheckId(ids[i], prefix, flag); !ok) return ok;
    if (std::find(ids.begin(), ids.begin() + i, ids[i]) != ids.begin() + i) {
      return Fail(Error::InvalidFlag(flag, "'" + ids[i] + "' is given twice; list each id once"));
    }
  }
  return {};
}

// The ids of a list flag, split on commas here rather than by CLI11, which drops empty
// pieces: `a,,b` or a trailing comma is a typo to report, not a list of two.
Status SplitIdList(std::vector<std::string>& ids, std::string_view flag) {
  std::vector<std::string> split;
  for (const auto& text : ids) {
    for (auto& id : strings::Split(text, ',')) {
      if (id.empty()) {
        return Fail(Error::InvalidFlag(
            flag,
            fmt::format("'{}' has an empty item; separate the ids with single commas", text)));
      }
      split.push_back(std::move(id));
    }
  }
  ids = std::move(split);
  return {};
}

// MemoryDB cluster names: 1-40 lowercase letters, digits and hyphens, starting with a letter,
// no two hyphens in a row, not ending with one (the cloud-name rule is the same).
Status CheckMemoryDbClusterId(const std::string& id) {
  if (cloud::ValidateCloudName(id, "--memorydb-cluster-id")) return {};
  return Fail(Error::InvalidFlag(
      "--memorydb-cluster-id",
      "'" + id +
          "' is not a MemoryDB cluster name; use 1-40 lowercase letters, digits and hyphens, "
          "starting with a letter, no trailing or double hyphen"));
}

Status CheckExternalId(const std::string& external_id) {
  // STS: 2-1224 characters of [\w+=,.@:/-].
  static const std::regex kPattern(R"([\w+=,.@:/-]{2,1224})");
  if (std::regex_match(external_id, kPattern)) return {};
  return Fail(
      Error::InvalidFlag("--external-id", "use 2-1224 letters, digits and + = , . @ : / - _"));
}

// Format errors, before any AWS call (exit 2).
Status Validate(RegisterFlags& flags) {
  if (auto ok = cloud::ValidateCloudName(flags.name); !ok) return ok;
  if (flags.provider != "aws") {
    return Fail(Error::InvalidFlag(
        "--provider", "'" + flags.provider + "' is not supported; the only provider is aws"));
  }
  if (auto ok = CheckId(flags.vpc_id, "vpc-", "--vpc-id"); !ok) return ok;
  if (auto ok = SplitIdList(flags.subnet_ids, "--subnet-ids"); !ok) return ok;
  if (auto ok = SplitIdList(flags.security_group_ids, "--security-group-ids"); !ok) return ok;
  if (flags.subnet_ids.empty()) {
    return Fail(Error::InvalidFlag("--subnet-ids", "give at least one subnet id"));
  }
  if (auto ok = CheckIdList(flags.subnet_ids, "subnet-", "--subnet-ids"); !ok) return ok;
  if (flags.security_group_ids.empty()) {
    return Fail(Error::InvalidFlag("--security-group-ids", "give at least one security group id"));
  }
  if (auto ok = CheckIdList(flags.security_group_ids, "sg-", "--security-group-ids"); !ok) {
    return ok;
  }
  flags.bucket = BucketName(flags.bucket);
  if (auto ok = cloud::ValidateBucketName(flags.bucket, "--s3-bucket-id"); !ok) return ok;
  if (auto ok = cloud::ValidateRoleArn(flags.control_plane_role_arn, "--control-plane-role-arn");
      !ok) {
    return ok;
  }
  if (auto ok = cloud::ValidateRoleArn(flags.instance_role_arn, "--instance-role-arn"); !ok) {
    return ok;
  }
  if (!flags.efs_id.empty()) {
    if (auto ok = CheckId(flags.efs_id, "fs-", "--efs-id"); !ok) return ok;
  }
  if (!flags.memorydb_cluster_id.empty()) {
    if (auto ok = CheckMemoryDbClusterId(flags.memorydb_cluster_id); !ok) return ok;
  }
  if (!flags.external_id.empty()) {
    if (auto ok = CheckExternalId(flags.external_id); !ok) return ok;
  }
  if (!flags.cloud_id.empty()) {
    if (auto ok = cloud::ValidateCloudId(flags.cloud_id, "--cloud-id"); !ok) return ok;
  }
  return {};
}

// The id the cloud will have. The control-plane policy is scoped to resources tagged with
// it, so the user must know it before writing that policy: register hands it out with the
// external id and takes it back with --cloud-id.
std::string NewCloudId() { return "cld_" + SecureRandomToken(24); }

json OptionsJson(const RegisterFlags& flags, const std::string& principal) {
  return {{"vpc_id", flags.vpc_id},
          {"subnet_ids", flags.subnet_ids},
          {"security_group_ids", flags.security_group_ids},
          {"s3_bucket", flags.bucket},
          {"control_plane_role_arn", flags.control_plane_role_arn},
          {"instance_role_arn", flags.instance_role_arn},
          {"efs_id", flags.efs_id},
          {"memorydb_cluster_id", flags.memorydb_cluster_id},
          {"private_network", flags.private_network},
          {"control_plane_principal", principal}};
}

// Without an external id: generate one, print the trust statement that requires it, and
// stop; the user applies it and re-runs with --external-id.
CommandOutput AskForExternalId(const RegisterFlags& flags, const std::string& account,
                               const std::string& principal) {
  cloud::PolicyParams params;
  params.account_id = account;
  params.control_plane_role_arn = flags.control_plane_role_arn;
  params.external_id = SecureRandomToken(32);
  params.cloud_id = flags.cloud_id.empty() ? NewCloudId() : flags.cloud_id;
  params.control_plane_principal = principal;
  json trust = cloud::ControlPlaneTrustPolicy(params);
  std::string role_name =
      flags.control_plane_role_arn.substr(flags.control_plane_role_arn.rfind('/') + 1);
  std::string apply =
      fmt::format("aws iam update-assume-role-policy --role-name {} --policy-document '{}'",
                  role_name, trust.dump());
  CommandOutput output;
  output.exit_code = 1;
  output.json = {{"registered", false},
                 {"external_id", params.external_id},
                 {"cloud_id", params.cloud_id},
                 {"control_plane_trust", trust},
                 {"apply", apply},
                 {"message", "apply the trust policy, then re-run with --external-id " +
                                 params.external_id + " --cloud-id " + params.cloud_id}};
  output.text = fmt::format(
      "Nothing was registered. The control-plane role must require this external id:\n\n"
      "  {}\n\nApply this trust policy to {}:\n\n  {}\n\nThe cloud's id will be {}; its "
      "control-plane permissions are scoped to it (raycloud cloud policies --cloud-id {} ... "
      "prints the policy). Then re-run the same command with --external-id {} --cloud-id {}\n",
      params.external_id, flags.control_plane_role_arn, apply, params.cloud_id, params.cloud_id,
      params.external_id, params.cloud_id);
  return output;
}

Result<CommandOutput> Register(const GlobalOptions& global, RegisterFlags flags) {
  if (auto ok = Validate(flags); !ok) return Fail(ok.error());
  auto store = OpenStore(global);
  if (!store) return Fail(store.error());
  auto existing = (*store)->FindCloudByName(flags.name);
  if (!existing) return Fail(existing.error());
  if (existing->has_value()) {
    return Fail(Error{ErrorKind::kAlreadyExists,
                      ErrorClass::kConflict,
                      "a cloud named " + flags.name + " already exists (raycloud cloud list)",
                      {}});
  }
  auto session = ConnectAws(global);
  if (!session) return Fail(session.error());
  auto caller = session->client->Call("sts", "GetCallerIdentity");
  if (!caller) return Fail(caller.error());
  std::string account = caller->value("Account", "");
  // The control plane is raycloud running with these credentials: their account is trusted.
  std::string principal = "arn:aws:iam::" + account + ":root";
  if (flags.external_id.empty()) return AskForExternalId(flags, account, principal);

  auto org = (*store)->DefaultOrganization();
  if (!org) return Fail(org.error());
  store::CloudRecord cloud;
  cloud.id = flags.cloud_id.empty() ? NewCloudId() : flags.cloud_id;
  auto taken = (*store)->FindCloudById(cloud.id);
  if (!taken) return Fail(taken.error());
  if (taken->has_value()) {
    return Fail(Error::InvalidFlag(
        "--cloud-id",
        "cloud " + cloud.id + " is already in the store (" + (*taken)->name + "); give a new id"));
  }
  cloud.org_id = org->id;
  cloud.name = flags.name;
  cloud.region = session->region;
  cloud.status = store::CloudStatus::kActive;
  cloud.managed = false;
  cloud.external_id = flags.external_id;
  cloud.options = OptionsJson(flags, principal);

  CommandOutput output;
  json cloud_json = cloud::CloudJson(cloud, {});
  cloud_json.erase("created_at");
  std::string text;
  if (!flags.skip_verifications) {
    verify::VerifyTarget target = TargetOfCloud(cloud, {});
    target.account_id = account;
    auto snapshot = GatherForVerify(*session->client, target, global);
    if (!snapshot) return Fail(snapshot.error());
    verify::Report report{
        .cloud_name = cloud.name, .cloud_id = cloud.id, .findings = verify::RunChecks(*snapshot)};
    bool color = global.output == "text" && isatty(STDOUT_FILENO) != 0;
    text = verify::RenderText(report, {.color = color});
    if (!report.Passed()) {
      // The report is the result: nothing is stored.
      output.exit_code = 1;
      output.json = verify::RenderJson(report, false);
      output.text = text + "\nNothing was registered: fix the failed checks and re-run.\n";
      if (flags.cloud_id.empty()) {
        // The permissions check scoped the policy to this run's new id: name it, so the
        // user can scope the real policy to it and keep it.
        output.json["cloud_id"] = cloud.id;
        output.text += fmt::format(
            "This run gave the cloud the id {}: scope the control-plane policy to it (raycloud "
            "cloud policies --cloud-id {} ...) and re-run with --cloud-id {}.\n",
            cloud.id, cloud.id, cloud.id);
      }
      return output;
    }
    json full = verify::RenderJson(report, false);
    cloud_json["verify"] = {{"passed", full["passed"]}, {"summary", full["summary"]}};
  }
  if (auto ok = (*store)->InsertCloud(cloud); !ok) return Fail(ok.error());
  output.json = {{"cloud", cloud_json}};
  output.text =
      text + fmt::format("\nRegistered cloud {} ({}) in {}.\n", cloud.name, cloud.id, cloud.region);
  return output;
}

}  // namespace

void AddCloudRegisterCommand(CLI::App& cloud, Context& context) {
  auto* command = cloud.add_subcommand("register", "record a cloud made of your own resources");
  auto flags = std::make_shared<RegisterFlags>();
  command->add_option("-n,--name", flags->name, "the cloud's name")->required();
  command->add_option("--provider", flags->provider, "only aws");
  command->add_option("--vpc-id", flags->vpc_id, "the VPC")->required();
  // Comma-separated lists, split by Validate (SplitIdList).
  command->add_option("--subnet-ids", flags->subnet_ids, "subnets clusters run in (a,b)")
      ->required();
  command->add_option("--security-group-ids", flags->security_group_ids, "security groups (a,b)")
      ->required();
  command
      ->add_option("--s3-bucket-id,--cloud-storage-bucket-name", flags->bucket,
                   "bucket name, s3://name or arn:aws:s3:::name")
      ->required();
  command
      ->add_option("--control-plane-role-arn,--anyscale-iam-role-id", flags->control_plane_role_arn,
                   "the cross-account role")
      ->required();
  command
      ->add_option("--instance-role-arn,--instance-iam-role-id", flags->instance_role_arn,
                   "the cluster-node role (its instance profile has the same name)")
      ->required();
  command->add_option("--external-id", flags->external_id,
                      "the external id the control-plane trust requires");
  command->add_option("--cloud-id", flags->cloud_id,
                      "the id register handed out (the control-plane policy is scoped to it)");
  command->add_option("--efs-id,--file-storage-id", flags->efs_id, "EFS file system");
  command->add_option("--memorydb-cluster-id", flags->memorydb_cluster_id, "MemoryDB cluster");
  command->add_flag("--private-network", flags->private_network, "subnets are private (NAT)");
  command->add_flag("--skip-verifications", flags->skip_verifications,
                    "store the cloud even if checks fail");
  command->callback([&context, flags] {
    context.action = [&context, flags] { return Register(context.options, *flags); };
  });
}

}  // namespace raycloud::cli
